import { Prisma } from "@/lib/generated/prisma/client";
import { withIdentity } from "@/lib/db/with-identity";
import { explainWorkloadQuery, rootNodes, type PlanCapture } from "./explain";
import { summarizePlan, type PlanContext, type PlanSummary } from "./plan";
import type { BenchSample } from "./sample";
import { summarize, type Summary } from "./stats";
import type { WorkloadQuery } from "./workload";

// The benchmark's measuring loops. Each workload query runs through the app's
// own function (end to end: pool, identity transaction, row-level security,
// result mapping), and its main statement runs under EXPLAIN ANALYZE as the
// same person with the same parameters (DB execution: what the report's 5.6
// table measures). Random parameters, after a warm-up.

export type ExplainJson = [{ Plan: Record<string, unknown>; "Planning Time": number; "Execution Time": number }];

export type QueryMeasurement = {
  key: string;
  label: string;
  targetDbP95Ms: number;
  /** Through the app's query function. */
  e2e: Summary;
  /** EXPLAIN ANALYZE's Execution Time of the main statement. */
  db: Summary;
  planning: Summary;
  /** Filled in by capturePlan(), after the timed runs. */
  plan: PlanSummary | null;
  /** True when the time budget stopped the runs before `runs`. */
  capped: boolean;
};

export type Measured<P> = { measurement: QueryMeasurement; lastParams: P };

export type MeasureOptions = {
  runs: number;
  warmup: number;
  rng: () => number;
  /** Stop a query's runs after this long (the slow baseline); at least minRuns still run. */
  budgetMs?: number;
  minRuns?: number;
  onQuery?: (key: string, done: number, total: number) => void;
};

export async function explainAnalyze<P>(query: WorkloadQuery<P>, params: P): Promise<ExplainJson[0]> {
  const rows = await withIdentity(query.identity(params), (tx) =>
    tx.$queryRaw<{ "QUERY PLAN": ExplainJson }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, FORMAT JSON) ${query.sql(params)}`,
    ),
  );
  const plan = rows[0]?.["QUERY PLAN"]?.[0];
  if (!plan) throw new Error(`EXPLAIN of ${query.key} returned no plan.`);
  return plan;
}

export async function measureQuery<P>(
  query: WorkloadQuery<P>,
  sample: BenchSample,
  options: MeasureOptions,
): Promise<Measured<P>> {
  for (let i = 0; i < options.warmup; i++) {
    const params = query.params(options.rng, sample);
    await query.run(params);
    await explainAnalyze(query, params);
  }
  const e2e: number[] = [];
  const db: number[] = [];
  const planning: number[] = [];
  let lastParams: P | null = null;
  const started = performance.now();
  let capped = false;
  for (let i = 0; i < options.runs; i++) {
    if (options.budgetMs && i >= (options.minRuns ?? 20) && performance.now() - started > options.budgetMs) {
      // Only a query whose runs outlast the budget stops early; the report shows its n.
      capped = true;
      break;
    }
    const params = query.params(options.rng, sample);
    const t0 = performance.now();
    await query.run(params);
    e2e.push(performance.now() - t0);
    const explained = await explainAnalyze(query, params);
    db.push(explained["Execution Time"]);
    planning.push(explained["Planning Time"]);
    lastParams = params;
    options.onQuery?.(query.key, i + 1, options.runs);
  }
  return {
    measurement: {
      key: query.key,
      label: query.label,
      targetDbP95Ms: query.targetDbP95Ms,
      e2e: summarize(e2e),
      db: summarize(db),
      planning: summarize(planning),
      plan: null,
      capped,
    },
    lastParams: lastParams!,
  };
}

/**
 * The plan of the query's last timed run: EXPLAIN's, or for statements that
 * call a function (vendor search, venue availability, revenue) the plans
 * inside it, through auto_explain on the capture's own connection.
 */
export async function capturePlan<P>(
  query: WorkloadQuery<P>,
  params: P,
  capture: PlanCapture,
  context: PlanContext,
): Promise<PlanSummary> {
  const plan = await explainWorkloadQuery(query, params, { capture, client: capture.client });
  return summarizePlan(rootNodes(plan), context);
}

export type ConcurrencyLevel = {
  clients: number;
  seconds: number;
  requests: number;
  throughput: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  perQuery: Record<string, { n: number; p95: number }>;
};

/**
 * `clients` loops, each calling the workload's app functions in turn with
 * random parameters for `seconds`, on the app's own connection pool.
 */
export async function measureConcurrency(
  workload: readonly WorkloadQuery<unknown>[],
  sample: BenchSample,
  options: { clients: number; seconds: number; rng: () => number },
): Promise<ConcurrencyLevel> {
  const latencies: number[] = [];
  const perQuery = new Map<string, number[]>();
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const client = async (offset: number) => {
    let i = offset;
    while (performance.now() < deadline) {
      const query = workload[i++ % workload.length]!;
      const params = query.params(options.rng, sample);
      const t0 = performance.now();
      try {
        await query.run(params);
        const ms = performance.now() - t0;
        latencies.push(ms);
        const list = perQuery.get(query.key) ?? [];
        list.push(ms);
        perQuery.set(query.key, list);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  const all = summarize(latencies.length ? latencies : [0]);
  return {
    clients: options.clients,
    seconds,
    requests: latencies.length,
    throughput: latencies.length / seconds,
    errors,
    p50: all.p50,
    p95: all.p95,
    p99: all.p99,
    perQuery: Object.fromEntries(
      [...perQuery].map(([key, list]) => [key, { n: list.length, p95: summarize(list).p95 }]),
    ),
  };
}
