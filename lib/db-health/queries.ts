import "server-only";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { hostReadings, startHostSampler } from "@/lib/metrics/host";
import { buildAlerts, type Alert } from "./alerts";
import {
  buildBlockingChains,
  deadlockRate,
  estimateP95,
  hitPercent,
  rollUpBloat,
  unusedIndexes,
  type BloatLeaf,
  type BloatRow,
  type ChainLine,
  type IndexUsage,
} from "./analysis";
import type { THealthParams, TQuerySort } from "./schema";

// The admin health page's readings. Everything comes from the health_*
// security-definer functions (migration 20261127000000_db_health), which
// answer an admin identity and nobody else, on the report pool: a slow
// catalogue or a bloat measurement never takes an interactive connection.

export const LONG_QUERY_SECONDS = 5;
const TOP_QUERY_FETCH = 100;
const TOP_QUERY_SHOW = 20;
const TREND_HOURS = 24;

export type ServerFigures = {
  statementsState: "ok" | "missing" | "not_loaded";
  bloatAvailable: boolean;
  serverVersion: string;
  databaseBytes: number;
  cacheHitPct: number | null;
  heapHits: number;
  heapReads: number;
  databaseHitPct: number | null;
  connections: number;
  maxConnections: number;
  reservedConnections: number;
  activeQueries: number;
  idleInTransaction: number;
  lockWaits: number;
  deadlocks: number;
  statsReset: string | null;
  isStandby: boolean;
  replicas: number;
  replicationLagSeconds: number | null;
  measuredAt: string;
};

export type TopQuery = {
  queryId: string;
  query: string;
  role: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  p95EstimateMs: number;
  maxMs: number;
  rows: number;
  hitPct: number | null;
};

export type TableUsage = {
  tableName: string;
  partitions: number;
  tableBytes: number;
  indexBytes: number;
  totalBytes: number;
  liveRows: number;
  deadRows: number;
  seqScans: number;
  indexScans: number;
  lastVacuum: string | null;
  lastAnalyze: string | null;
};

export type SessionRow = {
  pid: number;
  role: string;
  applicationName: string;
  state: string;
  waitEventType: string | null;
  waitEvent: string | null;
  seconds: number | null;
  query: string;
};

export type LockRow = SessionRow & { blockedBy: number[] };

export type TrendPoint = { at: string; cacheHitPct: number | null; connections: number; maxConnections: number };

export type ResetRow = { target: string; at: string; by: string };

export type DatabaseHealth = {
  server: ServerFigures;
  alerts: Alert[];
  topQueries: TopQuery[];
  indexes: IndexUsage[];
  unused: IndexUsage[];
  tables: TableUsage[];
  /** null: not asked for; "unavailable": pgstattuple is not installed. */
  bloat: BloatRow[] | null | "unavailable";
  longQueries: SessionRow[];
  lockChains: ChainLine<LockRow>[];
  trend: TrendPoint[];
  resets: ResetRow[];
};

/** Numbers from SQL arrive as number, bigint, Prisma Decimal or string. */
function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return Number(String(value));
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : null;
}

type Row = Record<string, unknown>;

async function readServer(tx: Tx): Promise<ServerFigures | null> {
  const [row] = await tx.$queryRaw<Row[]>`SELECT * FROM health_server()`;
  if (!row) return null;
  return {
    statementsState: row.statements_state as ServerFigures["statementsState"],
    bloatAvailable: row.bloat_available === true,
    serverVersion: String(row.server_version),
    databaseBytes: num(row.database_bytes),
    cacheHitPct: numOrNull(row.cache_hit_pct),
    heapHits: num(row.heap_hits),
    heapReads: num(row.heap_reads),
    databaseHitPct: hitPercent(num(row.db_blocks_hit), num(row.db_blocks_read)),
    connections: num(row.connections),
    maxConnections: num(row.max_connections),
    reservedConnections: num(row.reserved_connections),
    activeQueries: num(row.active_queries),
    idleInTransaction: num(row.idle_in_transaction),
    lockWaits: num(row.lock_waits),
    deadlocks: num(row.deadlocks),
    statsReset: iso(row.stats_reset),
    isStandby: row.is_standby === true,
    replicas: num(row.replicas),
    replicationLagSeconds: numOrNull(row.replication_lag_s),
    measuredAt: iso(row.measured_at) ?? new Date().toISOString(),
  };
}

const SORT_KEYS: Record<TQuerySort, (q: TopQuery) => number> = {
  total: (q) => q.totalMs,
  mean: (q) => q.meanMs,
  p95: (q) => q.p95EstimateMs,
  calls: (q) => q.calls,
  rows: (q) => q.rows,
  hit: (q) => q.hitPct ?? -1,
};

export function sortTopQueries(queries: readonly TopQuery[], sort: TQuerySort, dir: "asc" | "desc"): TopQuery[] {
  const key = SORT_KEYS[sort];
  const sign = dir === "asc" ? 1 : -1;
  return [...queries].sort((a, b) => sign * (key(a) - key(b)) || a.queryId.localeCompare(b.queryId));
}

async function readTopQueries(tx: Tx): Promise<TopQuery[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_top_queries(${TOP_QUERY_FETCH}::int)`;
  return rows.map((row) => {
    const calls = num(row.calls);
    const meanMs = num(row.mean_ms);
    const maxMs = num(row.max_ms);
    return {
      queryId: String(row.query_id),
      query: String(row.query ?? ""),
      role: String(row.role_name ?? ""),
      calls,
      totalMs: num(row.total_ms),
      meanMs,
      p95EstimateMs: estimateP95(calls, meanMs, num(row.stddev_ms), maxMs),
      maxMs,
      rows: num(row.rows_returned),
      hitPct: hitPercent(num(row.shared_hits), num(row.shared_reads)),
    };
  });
}

async function readIndexes(tx: Tx): Promise<IndexUsage[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_indexes()`;
  return rows.map((row) => ({
    tableName: String(row.table_name),
    indexName: String(row.index_name),
    accessMethod: String(row.access_method),
    scans: num(row.scans),
    tuplesRead: num(row.tuples_read),
    bytes: num(row.bytes),
    partitions: num(row.partitions),
    isPrimary: row.is_primary === true,
    isUnique: row.is_unique === true,
    isExclusion: row.is_exclusion === true,
    definition: String(row.definition ?? ""),
  }));
}

async function readTables(tx: Tx): Promise<TableUsage[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_tables()`;
  return rows.map((row) => ({
    tableName: String(row.table_name),
    partitions: num(row.partitions),
    tableBytes: num(row.table_bytes),
    indexBytes: num(row.index_bytes),
    totalBytes: num(row.total_bytes),
    liveRows: num(row.live_rows),
    deadRows: num(row.dead_rows),
    seqScans: num(row.seq_scans),
    indexScans: num(row.index_scans),
    lastVacuum: iso(row.last_vacuum),
    lastAnalyze: iso(row.last_analyze),
  }));
}

function session(row: Row, seconds: unknown): SessionRow {
  return {
    pid: num(row.pid),
    role: String(row.role_name ?? ""),
    applicationName: String(row.application_name ?? ""),
    state: String(row.state ?? ""),
    waitEventType: (row.wait_event_type as string | null) ?? null,
    waitEvent: (row.wait_event as string | null) ?? null,
    seconds: numOrNull(seconds),
    query: String(row.query ?? ""),
  };
}

async function readLongQueries(tx: Tx, minSeconds: number): Promise<SessionRow[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_long_queries(${minSeconds}::numeric)`;
  return rows.map((row) => session(row, row.duration_s));
}

async function readLockChains(tx: Tx): Promise<ChainLine<LockRow>[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_lock_waits()`;
  return buildBlockingChains(
    rows.map((row) => ({ ...session(row, row.waiting_s), blockedBy: (row.blocked_by as number[]) ?? [] })),
  );
}

async function readBloat(tx: Tx): Promise<BloatRow[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT * FROM health_bloat()`;
  const leaves: BloatLeaf[] = rows.map((row) => ({
    kind: row.kind === "index" ? "index" : "table",
    tableName: String(row.table_name ?? ""),
    relationName: String(row.relation_name ?? ""),
    bytes: num(row.bytes),
    freeBytes: num(row.free_bytes),
    deadBytes: num(row.dead_bytes),
  }));
  return rollUpBloat(leaves);
}

export type HealthOptions = { params: THealthParams; longQuerySeconds?: number };

/**
 * Everything the page shows, after recording this view as a sample. null when
 * the identity is not an admin (the functions answered nothing).
 */
export async function getDatabaseHealth(
  identity: UserIdentity,
  options: HealthOptions,
): Promise<DatabaseHealth | null> {
  startHostSampler();
  const host = hostReadings();
  const latest = host.at(-1) ?? null;
  return withIdentity(
    identity,
    async (tx) => {
      const server = await readServer(tx);
      if (!server) return null;
      await tx.$queryRaw`SELECT health_record_sample(${latest?.cpuPct ?? null}::numeric, ${latest?.ioQueueDepth ?? null}::numeric)`;
      const since = new Date(Date.now() - TREND_HOURS * 3600_000);
      const samples = await tx.dbHealthSample.findMany({
        where: { sampledAt: { gte: since } },
        orderBy: { sampledAt: "asc" },
        select: { sampledAt: true, cacheHitPct: true, connections: true, maxConnections: true, deadlocks: true },
        take: 5000,
      });
      const indexes = await readIndexes(tx);
      const topQueries = sortTopQueries(await readTopQueries(tx), options.params.sort, options.params.dir);
      const resets = await tx.dbStatsReset.findMany({
        orderBy: [{ resetAt: "desc" }, { id: "desc" }],
        take: 5,
        select: { target: true, resetAt: true, resetter: { select: { name: true, email: true } } },
      });
      const now = Date.parse(server.measuredAt);
      return {
        server,
        alerts: buildAlerts({
          deadlocks: deadlockRate(
            samples.map((s) => ({ at: s.sampledAt.getTime(), deadlocks: Number(s.deadlocks) })),
            { at: now, deadlocks: server.deadlocks },
            server.statsReset ? Date.parse(server.statsReset) : null,
          ),
          replication: {
            isStandby: server.isStandby,
            replicas: server.replicas,
            lagSeconds: server.replicationLagSeconds,
          },
          cpu: host,
          ioQueueDepth: latest?.ioQueueDepth ?? null,
          cacheHitPct: server.cacheHitPct,
        }),
        topQueries: topQueries.slice(0, TOP_QUERY_SHOW),
        indexes,
        unused: unusedIndexes(indexes),
        tables: await readTables(tx),
        bloat: options.params.bloat ? (server.bloatAvailable ? await readBloat(tx) : "unavailable") : null,
        longQueries: await readLongQueries(tx, options.longQuerySeconds ?? LONG_QUERY_SECONDS),
        lockChains: await readLockChains(tx),
        trend: samples.map((s) => ({
          at: s.sampledAt.toISOString(),
          cacheHitPct: s.cacheHitPct === null ? null : Number(s.cacheHitPct),
          connections: s.connections,
          maxConnections: s.maxConnections,
        })),
        resets: resets.map((r) => ({
          target: r.target,
          at: r.resetAt.toISOString(),
          by: r.resetter ? `${r.resetter.name} (${r.resetter.email})` : "a deleted account",
        })),
      };
    },
    { pool: "report" },
  );
}
