import { formatInteger, formatPercent } from "./format";

// The text that stands beside the trend chart for screen readers (and anyone
// who prefers words): range and latest value of each charted series.

export type TrendSample = { at: string; cacheHitPct: number | null; connections: number; maxConnections: number };

function range(values: number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  return { min: Math.min(...values), max: Math.max(...values) };
}

export function summarizeTrend(points: readonly TrendSample[], hours = 24): string {
  if (points.length === 0) return `No samples in the last ${hours} hours yet: each visit to this page records one.`;
  const latest = points.at(-1)!;
  const hits = range(points.flatMap((p) => (p.cacheHitPct === null ? [] : [p.cacheHitPct])));
  const connections = range(points.map((p) => p.connections));
  const count = `${formatInteger(points.length)} ${points.length === 1 ? "sample" : "samples"}`;
  const hitText = hits
    ? `the buffer cache hit ratio ranged from ${formatPercent(hits.min)} to ${formatPercent(hits.max)} (latest ${formatPercent(latest.cacheHitPct)})`
    : "no cache hit ratio was measured";
  const connText = `connections ranged from ${formatInteger(connections!.min)} to ${formatInteger(connections!.max)} of ${formatInteger(latest.maxConnections)} allowed (latest ${formatInteger(latest.connections)})`;
  return `Over the last ${hours} hours (${count}), ${hitText}; ${connText}.`;
}
