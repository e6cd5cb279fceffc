// Pure helpers behind the health page: which indexes are candidates for
// removal, the blocking chains, the deadlock rate, rolled-up bloat and the
// P95 estimate. Kept apart from the queries so each rule is unit-tested.

export type IndexUsage = {
  tableName: string;
  indexName: string;
  accessMethod: string;
  scans: number;
  tuplesRead: number;
  bytes: number;
  partitions: number;
  isPrimary: boolean;
  isUnique: boolean;
  isExclusion: boolean;
  definition: string;
};

/**
 * Indexes that enforce a rule are never candidates for removal, however often
 * they are scanned: primary keys, unique and exclusion indexes. The
 * double-booking index is unique; it is named too, so that the rule survives
 * if it ever becomes a constraint of another kind.
 */
export const PROTECTED_INDEXES = new Set(["booking_venue_day_key"]);

export function enforcesARule(index: IndexUsage): boolean {
  return index.isPrimary || index.isUnique || index.isExclusion || PROTECTED_INDEXES.has(index.indexName);
}

/** idx_scan = 0 across every partition copy, largest first. */
export function unusedIndexes(indexes: readonly IndexUsage[]): IndexUsage[] {
  return indexes
    .filter((index) => index.scans === 0 && !enforcesARule(index))
    .sort((a, b) => b.bytes - a.bytes || a.indexName.localeCompare(b.indexName));
}

export type LockRow = { pid: number; blockedBy: number[] };
export type ChainLine<T extends LockRow> = { row: T; depth: number; waitsFor: number | null };

/**
 * The blocking chains as indented lines: each chain starts at a session that
 * holds what others wait for and waits for nothing itself, followed by its
 * waiters, theirs, and so on. Sessions caught in a cycle (a deadlock the
 * server has not broken yet) are listed once at the end.
 */
export function buildBlockingChains<T extends LockRow>(rows: readonly T[]): ChainLine<T>[] {
  const byPid = new Map(rows.map((row) => [row.pid, row]));
  const waiters = new Map<number, T[]>();
  for (const row of rows) {
    for (const blocker of row.blockedBy) {
      const list = waiters.get(blocker) ?? [];
      list.push(row);
      waiters.set(blocker, list);
    }
  }
  const lines: ChainLine<T>[] = [];
  const seen = new Set<number>();
  const visit = (row: T, depth: number, waitsFor: number | null) => {
    if (seen.has(row.pid)) return;
    seen.add(row.pid);
    lines.push({ row, depth, waitsFor });
    for (const waiter of (waiters.get(row.pid) ?? []).sort((a, b) => a.pid - b.pid)) visit(waiter, depth + 1, row.pid);
  };
  const roots = rows.filter((row) => row.blockedBy.every((pid) => !byPid.has(pid))).sort((a, b) => a.pid - b.pid);
  for (const root of roots) visit(root, 0, null);
  for (const row of [...rows].sort((a, b) => a.pid - b.pid)) visit(row, 0, row.blockedBy[0] ?? null);
  return lines;
}

export type DeadlockSample = { at: number; deadlocks: number };
export type DeadlockRate = { perMinute: number; basis: "last-minutes" | "since-reset"; minutes: number };

const WINDOW_MS = 5 * 60_000;
const MIN_SPAN_MS = 60_000;

/**
 * Deadlocks per minute. From the page's own samples when one lies 1 to 5
 * minutes back and the counter has not been reset since; otherwise the
 * average since the statistics were last reset.
 */
export function deadlockRate(
  history: readonly DeadlockSample[],
  now: DeadlockSample,
  statsResetAt: number | null,
): DeadlockRate | null {
  const ordered = [...history].filter((s) => s.at < now.at).sort((a, b) => a.at - b.at);
  // Only samples after the last drop of the counter (a reset) can be compared.
  let start = 0;
  for (let i = 1; i < ordered.length; i++) if (ordered[i]!.deadlocks < ordered[i - 1]!.deadlocks) start = i;
  const usable = ordered.slice(start).filter((s) => s.deadlocks <= now.deadlocks);
  if (ordered.length > 0 && ordered.at(-1)!.deadlocks > now.deadlocks) usable.length = 0;
  const base = usable.find((s) => now.at - s.at <= WINDOW_MS && now.at - s.at >= MIN_SPAN_MS);
  if (base) {
    const minutes = (now.at - base.at) / 60_000;
    return { perMinute: (now.deadlocks - base.deadlocks) / minutes, basis: "last-minutes", minutes };
  }
  if (statsResetAt === null || statsResetAt > now.at) return null;
  // At least a minute, so one deadlock right after a reset does not read as 60 a minute.
  const minutes = Math.max(1, (now.at - statsResetAt) / 60_000);
  return { perMinute: now.deadlocks / minutes, basis: "since-reset", minutes };
}

export type BloatLeaf = {
  kind: "table" | "index";
  tableName: string;
  relationName: string;
  bytes: number;
  freeBytes: number;
  deadBytes: number;
};
export type BloatRow = BloatLeaf & { partitions: number; wastedBytes: number; wastedPct: number };

/** Sums partition copies into their parent; most wasted space first. */
export function rollUpBloat(leaves: readonly BloatLeaf[]): BloatRow[] {
  const rows = new Map<string, BloatRow>();
  for (const leaf of leaves) {
    const key = `${leaf.kind}:${leaf.relationName}`;
    const row = rows.get(key) ?? {
      ...leaf,
      bytes: 0,
      freeBytes: 0,
      deadBytes: 0,
      partitions: 0,
      wastedBytes: 0,
      wastedPct: 0,
    };
    row.bytes += leaf.bytes;
    row.freeBytes += leaf.freeBytes;
    row.deadBytes += leaf.deadBytes;
    row.partitions += 1;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => {
      const wastedBytes = row.freeBytes + row.deadBytes;
      return { ...row, wastedBytes, wastedPct: row.bytes > 0 ? (100 * wastedBytes) / row.bytes : 0 };
    })
    .sort((a, b) => b.wastedBytes - a.wastedBytes || a.relationName.localeCompare(b.relationName));
}

/**
 * pg_stat_statements keeps mean and standard deviation, not percentiles. If
 * times were normally distributed, P95 would be mean + 1.645 σ; query times
 * are skewed to the right, so this is an estimate, capped at the slowest call
 * seen. With fewer than two calls there is no spread: the mean.
 */
export function estimateP95(calls: number, meanMs: number, stddevMs: number, maxMs: number): number {
  if (calls < 2) return meanMs;
  return Math.min(maxMs, meanMs + 1.645 * stddevMs);
}

/** Share of blocks found in shared buffers, 0–100; null when no block was touched. */
export function hitPercent(hits: number, reads: number): number | null {
  const total = hits + reads;
  return total > 0 ? (100 * hits) / total : null;
}
