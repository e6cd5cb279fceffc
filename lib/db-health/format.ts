// How the health page writes its figures. Pure, so the edge cases are tested.

const UNITS = ["bytes", "kB", "MB", "GB", "TB"] as const;

/** Like pg_size_pretty: 1024-based, whole bytes below 10 kB. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "n/a";
  if (bytes < 10 * 1024) return `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 10 * 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.round(value)} ${UNITS[unit]}`;
}

/** Milliseconds: three significant digits below a second, seconds above. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "n/a";
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(ms >= 0.01 || ms === 0 ? 2 : 3)} ms`;
}

/** A percentage with two decimals, "n/a" without a value. */
export function formatPercent(percent: number | null | undefined, digits = 2): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return "n/a";
  return `${percent.toFixed(digits)} %`;
}

/** Seconds as "4.2 s", "3 min 05 s" or "2 h 07 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "n/a";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")} min`;
}

export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 }).format(value);
}

/** A figure with up to `digits` decimals, for rates and queue depths. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits }).format(value);
}
