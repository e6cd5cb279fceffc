import type { DeadlockRate } from "./analysis";
import { formatDuration, formatNumber, formatPercent } from "./format";
import {
  ALERT_THRESHOLDS,
  classifyCacheHit,
  classifyCpu,
  classifyDeadlocks,
  classifyIoQueueDepth,
  classifyReplicationLag,
  cpuHighForMs,
  type CpuReading,
  type TAlertStatus,
} from "./thresholds";

// The five rules of report section 7.3, each with its reading, its thresholds
// and its status, in the report's order. Pure: the page passes the readings.

export type Alert = {
  key: "deadlocks" | "replication" | "cpu" | "io" | "cache";
  rule: string;
  reading: string;
  thresholds: string;
  status: TAlertStatus;
  source: string;
};

export type AlertInput = {
  deadlocks: DeadlockRate | null;
  replication: { isStandby: boolean; replicas: number; lagSeconds: number | null };
  cpu: readonly CpuReading[];
  ioQueueDepth: number | null;
  cacheHitPct: number | null;
};

const T = ALERT_THRESHOLDS;

export function buildAlerts(input: AlertInput): Alert[] {
  const { deadlocks, replication, cpu, ioQueueDepth, cacheHitPct } = input;
  const hasReplica = replication.isStandby || replication.replicas > 0;
  const lag = hasReplica ? (replication.lagSeconds ?? 0) : null;
  const latestCpu = cpu.at(-1)?.cpuPct ?? null;
  const highFor = cpuHighForMs(cpu);
  return [
    {
      key: "deadlocks",
      rule: "Deadlocks per minute",
      reading: deadlocks
        ? `${formatNumber(deadlocks.perMinute)} / min (${
            deadlocks.basis === "last-minutes"
              ? `last ${formatNumber(deadlocks.minutes, 1)} min`
              : `average since the statistics reset`
          })`
        : "n/a (no reset time)",
      thresholds: `WARN above ${T.deadlocksPerMinute.warnAbove}, CRIT above ${T.deadlocksPerMinute.critAbove}`,
      status: classifyDeadlocks(deadlocks?.perMinute),
      source: "pg_stat_database.deadlocks",
    },
    {
      key: "replication",
      rule: "Replication lag",
      reading: hasReplica
        ? `${formatDuration(lag)}${replication.isStandby ? " (this server is a standby)" : ""}`
        : "no replica",
      thresholds: `WARN above ${T.replicationLagSeconds.warnAbove} s, CRIT above ${T.replicationLagSeconds.critAbove} s`,
      status: classifyReplicationLag(lag),
      source: replication.isStandby ? "pg_last_xact_replay_timestamp()" : "pg_stat_replication.replay_lag",
    },
    {
      key: "cpu",
      rule: "CPU utilisation (app host)",
      reading:
        latestCpu === null
          ? "n/a (no sample yet)"
          : `${formatPercent(latestCpu, 0)}${highFor > 0 ? `, above ${T.cpuPercent.above} % for ${formatDuration(highFor / 1000)}` : ""}`,
      thresholds: `WARN above ${T.cpuPercent.above} %, CRIT above ${T.cpuPercent.above} % for more than ${T.cpuPercent.critAfterSeconds / 60} minutes`,
      status: classifyCpu(cpu),
      source: "the app's host, sampled every 10 s",
    },
    {
      key: "io",
      rule: "I/O queue depth (app host)",
      reading: ioQueueDepth === null ? "n/a (not Linux, or no sample yet)" : formatNumber(ioQueueDepth),
      thresholds: `WARN above ${T.ioQueueDepth.warnAbove}, CRIT above ${T.ioQueueDepth.critAbove} (our choice: the report names none)`,
      status: classifyIoQueueDepth(ioQueueDepth),
      source: "/proc/diskstats, busiest disk",
    },
    {
      key: "cache",
      rule: "Buffer cache hit ratio",
      reading: cacheHitPct === null ? "n/a (no table read yet)" : formatPercent(cacheHitPct),
      thresholds: `WARN at or below the ${T.cacheHitPercent.warnAtOrBelow} % target, CRIT below ${T.cacheHitPercent.critBelow} %`,
      status: classifyCacheHit(cacheHitPct),
      source: "pg_statio_user_tables (the report's query)",
    },
  ];
}
