import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { latestHostReading } from "./host";

// The app's Prometheus metrics, one registry per process. server.ts (loaded
// by tsx) and the Next.js bundles each get their own copy of this module, so
// the registry lives on globalThis: whichever copy runs first creates it and
// every other copy records into the same one.

/** A statement slower than this counts as slow (report section 7.1: 500 ms). */
export const SLOW_QUERY_MS = 500;

/** Bucket edges in seconds; 0.15 is the load test's P95 target. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What a pool exposes: node-postgres's pg.Pool has exactly these. */
export type PoolLike = { totalCount: number; idleCount: number; waitingCount: number };

type PoolEntry = { pool: PoolLike; max: number };

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  dbQueryDuration: Histogram<"pool">;
  dbSlowQueries: Counter<"pool">;
  jobOutcomes: Counter<"job" | "outcome">;
  pools: Map<string, PoolEntry>;
};

const KEY = Symbol.for("wedding-planner.metrics");

function createMetrics(): Metrics {
  const registry = new Registry();
  const pools = new Map<string, PoolEntry>();
  collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    registry,
    pools,
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency by route pattern (not raw URL), method and status code.",
      labelNames: ["method", "route", "status"],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: "db_query_duration_seconds",
      help: "Duration of each SQL statement the app sends, by pool, measured in the app.",
      labelNames: ["pool"],
      buckets: DB_BUCKETS,
      registers: [registry],
    }),
    dbSlowQueries: new Counter({
      name: "db_slow_queries_total",
      help: `SQL statements that took longer than ${SLOW_QUERY_MS} ms, by pool, measured in the app.`,
      labelNames: ["pool"],
      registers: [registry],
    }),
    jobOutcomes: new Counter({
      name: "job_runs_total",
      help: "Background job runs by job name and outcome (ok or failed).",
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
  };
  new Gauge({
    name: "db_pool_connections",
    help: "Connections of each app pool: total open, idle, and requests waiting for one.",
    labelNames: ["pool", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, { pool }] of pools) {
        this.set({ pool: name, state: "total" }, pool.totalCount);
        this.set({ pool: name, state: "idle" }, pool.idleCount);
        this.set({ pool: name, state: "in_use" }, Math.max(0, pool.totalCount - pool.idleCount));
        this.set({ pool: name, state: "waiting" }, pool.waitingCount);
      }
    },
  });
  new Gauge({
    name: "db_pool_max_connections",
    help: "The configured size of each app pool.",
    labelNames: ["pool"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, { max }] of pools) this.set({ pool: name }, max);
    },
  });
  new Gauge({
    name: "host_cpu_percent",
    help: "CPU use of the app's host over the last sampling interval (all cores, 0-100).",
    registers: [registry],
    collect() {
      const reading = latestHostReading();
      if (reading?.cpuPct != null) this.set(reading.cpuPct);
    },
  });
  new Gauge({
    name: "host_io_queue_depth",
    help: "Average I/O queue depth of the app host's busiest disk over the last sampling interval (Linux).",
    registers: [registry],
    collect() {
      const reading = latestHostReading();
      if (reading?.ioQueueDepth != null) this.set(reading.ioQueueDepth);
    },
  });
  return metrics;
}

export function getMetrics(): Metrics {
  const store = globalThis as unknown as Record<symbol, Metrics | undefined>;
  store[KEY] ??= createMetrics();
  return store[KEY];
}

/** Makes a pool's usage visible as db_pool_connections{pool=name}. */
export function registerPool(name: string, pool: PoolLike, max: number): void {
  getMetrics().pools.set(name, { pool, max });
}

/** Records one SQL statement's duration; true when it counts as slow. */
export function observeQuery(pool: string, durationMs: number): boolean {
  const metrics = getMetrics();
  metrics.dbQueryDuration.observe({ pool }, durationMs / 1000);
  const slow = durationMs > SLOW_QUERY_MS;
  if (slow) metrics.dbSlowQueries.inc({ pool });
  return slow;
}

const JOB_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/**
 * Counts one run of a background job. Job names come from code, but a label
 * must stay bounded whatever happens: anything unusual is counted as "other".
 */
export function recordJobOutcome(name: string, ok: boolean): void {
  const job = JOB_NAME.test(name) ? name : "other";
  getMetrics().jobOutcomes.inc({ job, outcome: ok ? "ok" : "failed" });
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Records one HTTP request; route must already be a pattern (see routes.ts). */
export function observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const label = METHODS.has(method.toUpperCase()) ? method.toUpperCase() : "other";
  getMetrics().httpDuration.observe({ method: label, route, status: String(status) }, seconds);
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = getMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
