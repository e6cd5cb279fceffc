// The report's alerting rules (section 7.3) as OK / WARN / CRIT. The report
// gives one number per rule, the point at which to alert: that is CRIT here.
// WARN is ours, an early sign before the alert:
// - deadlocks: any deadlock at all (a deadlock is a bug in lock ordering);
// - replication lag: a third of the alert's 30 s;
// - CPU: over 80 % now, but not yet for more than 2 minutes;
// - I/O queue depth: the report names no number. Ours: an average of more than
//   2 requests waiting on the busiest disk is WARN, more than 8 is CRIT
//   (beyond that even an SSD's latency climbs with every request queued);
// - buffer cache hit ratio: below the report's target of "> 99 %" (section
//   7.1) is WARN, below its alert of 95 % is CRIT.
// N/A: nothing to measure (no replica, no samples yet, not Linux).

export type TAlertStatus = "OK" | "WARN" | "CRIT" | "N/A";

export const ALERT_THRESHOLDS = {
  deadlocksPerMinute: { warnAbove: 0, critAbove: 5 },
  replicationLagSeconds: { warnAbove: 10, critAbove: 30 },
  cpuPercent: { above: 80, critAfterSeconds: 120 },
  ioQueueDepth: { warnAbove: 2, critAbove: 8 },
  cacheHitPercent: { warnAtOrBelow: 99, critBelow: 95 },
} as const;

type Above = { warnAbove: number; critAbove: number };

/** For figures where more is worse: CRIT above critAbove, WARN above warnAbove. */
export function classifyAbove(value: number | null | undefined, limits: Above): TAlertStatus {
  if (value === null || value === undefined || !Number.isFinite(value)) return "N/A";
  if (value > limits.critAbove) return "CRIT";
  if (value > limits.warnAbove) return "WARN";
  return "OK";
}

/** The cache hit ratio: OK only above the 99 % target; CRIT below 95 %. */
export function classifyCacheHit(percent: number | null | undefined): TAlertStatus {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return "N/A";
  const { warnAtOrBelow, critBelow } = ALERT_THRESHOLDS.cacheHitPercent;
  if (percent < critBelow) return "CRIT";
  if (percent <= warnAtOrBelow) return "WARN";
  return "OK";
}

export function classifyDeadlocks(perMinute: number | null | undefined): TAlertStatus {
  return classifyAbove(perMinute, ALERT_THRESHOLDS.deadlocksPerMinute);
}

/** null lag: no replica to lag behind, so N/A. */
export function classifyReplicationLag(seconds: number | null | undefined): TAlertStatus {
  return classifyAbove(seconds, ALERT_THRESHOLDS.replicationLagSeconds);
}

export function classifyIoQueueDepth(depth: number | null | undefined): TAlertStatus {
  return classifyAbove(depth, ALERT_THRESHOLDS.ioQueueDepth);
}

/** One CPU reading: the busy share over the `spanMs` before `at`. */
export type CpuReading = { at: number; spanMs: number; cpuPct: number | null };

/** How long the CPU has been above the limit without a break, ending with the latest reading. */
export function cpuHighForMs(readings: readonly CpuReading[]): number {
  let total = 0;
  for (let i = readings.length - 1; i >= 0; i--) {
    const reading = readings[i]!;
    if (reading.cpuPct === null || reading.cpuPct <= ALERT_THRESHOLDS.cpuPercent.above) break;
    total += reading.spanMs;
  }
  return total;
}

/** CRIT when above 80 % for more than 2 minutes; WARN when above 80 % for less. */
export function classifyCpu(readings: readonly CpuReading[]): TAlertStatus {
  const latest = readings.at(-1);
  if (!latest || latest.cpuPct === null) return "N/A";
  const highFor = cpuHighForMs(readings);
  if (highFor > ALERT_THRESHOLDS.cpuPercent.critAfterSeconds * 1000) return "CRIT";
  if (highFor > 0) return "WARN";
  return "OK";
}

/** The worst of several statuses (N/A counts as nothing to report). */
export function worstStatus(statuses: readonly TAlertStatus[]): TAlertStatus {
  const order: TAlertStatus[] = ["CRIT", "WARN", "OK"];
  for (const status of order) if (statuses.includes(status)) return status;
  return "N/A";
}
