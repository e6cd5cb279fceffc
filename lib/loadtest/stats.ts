// Latency percentiles from every recorded response time (nearest rank), in
// milliseconds. autocannon's own histogram has no P95, so the driver keeps
// the raw times; a 30 s run holds at most some tens of thousands of them.

import { percentile } from "@/lib/bench/stats";

export type TLatencySummary = { p50: number; p95: number; p99: number; mean: number; max: number };

export function summarizeLatency(times: readonly number[]): TLatencySummary {
  if (times.length === 0) return { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 };
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
    max: round(sorted.at(-1)!),
  };
}
