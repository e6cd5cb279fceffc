// Latency summaries for the benchmark: nearest-rank percentiles, so P99 of 200
// runs is a time that really happened (the second-slowest), never an
// interpolation between two.

export type Summary = { n: number; p50: number; p95: number; p99: number; mean: number; max: number };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("No samples.");
  if (!(p > 0 && p <= 100)) throw new Error(`Percentile must be in (0, 100], got ${p}.`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, x) => acc + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    max: sorted[sorted.length - 1]!,
  };
}

/** "0.42 ms", "18 ms", "2.3 s": milliseconds in, readable out. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "12×" faster, or "0.8×" when the change made it slower. */
export function formatRatio(before: number, after: number): string {
  if (after <= 0) return "n/a";
  const ratio = before / after;
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}
