import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { AppPrismaClient } from "@/lib/db/client";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  planFromExplainRow,
  planNodes,
  plansFromAutoExplain,
  type ExplainedPlan,
  type PlanContext,
  type PlanNode,
} from "./plan";
import type { WorkloadQuery } from "./workload";

// Plans of the workload's statements as the app gets them: EXPLAIN (FORMAT
// JSON) of the statement, run inside withIdentity as the workload's person,
// so row-level security shapes the plan as it does in production.
//
// A statement that calls a security-definer function shows only "Function
// Scan" in EXPLAIN: the plan that matters is inside. For those, the statement
// runs once with auto_explain logging nested statements to the client
// (client_min_messages = log), and the plans of the named functions' own
// statements are kept. auto_explain must be loaded for the app role in that
// database and its settings granted to it: enableNestedPlans() does both, as
// the owner, on a test or benchmark database (never on the app's own).

const AUTO_EXPLAIN_SETTINGS = [
  "auto_explain.log_min_duration",
  "auto_explain.log_nested_statements",
  "auto_explain.log_format",
  "auto_explain.log_analyze",
  "auto_explain.log_timing",
] as const;

/** EXPLAIN (FORMAT JSON) of `sql` in the transaction (ANALYZE runs it and adds the times). */
export async function explainIn(tx: Tx, sql: Prisma.Sql, options: { analyze?: boolean } = {}): Promise<ExplainedPlan> {
  const rows = options.analyze
    ? await tx.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`
    : await tx.$queryRaw<{ "QUERY PLAN": unknown }[]>`EXPLAIN (FORMAT JSON) ${sql}`;
  return planFromExplainRow(rows[0]?.["QUERY PLAN"]);
}

/**
 * Lets the app role see nested plans in `database`: auto_explain preloaded
 * for its sessions there (new connections only), and SET on auto_explain's
 * settings granted to it (a cluster-wide grant, for test and bench clusters).
 */
export async function enableNestedPlans(owner: pg.Pool, database: string): Promise<void> {
  const client = await owner.connect();
  try {
    const db = client.escapeIdentifier(database);
    await client.query(`ALTER ROLE wedding_app IN DATABASE ${db} SET session_preload_libraries = 'auto_explain'`);
    await client.query(`GRANT SET ON PARAMETER ${AUTO_EXPLAIN_SETTINGS.join(", ")} TO wedding_app`);
  } finally {
    client.release();
  }
}

/** Undoes enableNestedPlans(): a benchmark must not time sessions that carry auto_explain. */
export async function disableNestedPlans(owner: pg.Pool, database: string): Promise<void> {
  const client = await owner.connect();
  try {
    const db = client.escapeIdentifier(database);
    await client.query(`ALTER ROLE wedding_app IN DATABASE ${db} RESET session_preload_libraries`);
    await client.query(`REVOKE SET ON PARAMETER ${AUTO_EXPLAIN_SETTINGS.join(", ")} FROM wedding_app`);
  } finally {
    client.release();
  }
}

export type PlanCapture = {
  /** A client like the app's, on connections whose log messages are collected; pass it to withIdentity. */
  client: AppPrismaClient;
  /** The messages received since the last call. */
  take(): string[];
  close(): Promise<void>;
};

/** A one-connection app client that collects the server's messages (auto_explain's plans among them). */
export function createPlanCapture(appUrl: string): PlanCapture {
  let messages: string[] = [];
  const pool = new pg.Pool({ connectionString: appUrl, max: 1 });
  pool.on("connect", (connection) => {
    connection.on("notice", (notice) => messages.push(notice.message ?? ""));
    // A connection ended by DROP DATABASE … WITH (FORCE) while closing is expected.
    connection.on("error", () => {});
  });
  const client: AppPrismaClient = new PrismaClient({
    adapter: new PrismaPg(pool),
    omit: { user: { passwordHash: true, mfaSecret: true } },
    log: [{ emit: "event", level: "query" }],
  });
  return {
    client,
    take: () => {
      const taken = messages;
      messages = [];
      return taken;
    },
    close: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Runs `sql` once in the transaction with auto_explain on, and returns the
 * plans of the statements inside `functions` (matched on their source).
 */
export async function captureNestedPlans(
  tx: Tx,
  capture: PlanCapture,
  sql: Prisma.Sql,
  functions: readonly string[],
): Promise<ExplainedPlan[]> {
  await tx.$executeRaw`SELECT set_config('client_min_messages', 'log', true),
                              set_config('auto_explain.log_min_duration', '0', true),
                              set_config('auto_explain.log_nested_statements', 'on', true),
                              set_config('auto_explain.log_format', 'json', true)`;
  const sources = await tx.$queryRaw<{ prosrc: string }[]>`
    SELECT prosrc FROM pg_proc WHERE proname = ANY(${[...functions]}::text[])`;
  if (sources.length === 0) throw new Error(`No function named ${functions.join(", ")}.`);
  capture.take();
  await tx.$queryRaw(sql);
  await tx.$executeRaw`SELECT set_config('auto_explain.log_min_duration', '-1', true),
                              set_config('client_min_messages', 'notice', true)`;
  const plans = plansFromAutoExplain(capture.take());
  if (plans.length === 0) {
    throw new Error("auto_explain logged nothing: call enableNestedPlans() for this database, then connect anew.");
  }
  return plans.filter((plan) => {
    const text = plan["Query Text"]?.trim();
    if (text === undefined || text === "" || !sources.some((s) => s.prosrc.includes(text))) return false;
    // A function's checks of the catalogue (is the view populated?) are not its query.
    return planNodes(plan.Plan).some((node) => node["Relation Name"] && !node["Relation Name"].startsWith("pg_"));
  });
}

export type WorkloadPlan = { plans: ExplainedPlan[]; nested: boolean };

/**
 * The plan of a workload query's statement, as its person: EXPLAIN, or the
 * nested plans when the query's expectation names functions (then `capture`
 * is required, and its client runs the transaction).
 */
export async function explainWorkloadQuery<P>(
  query: WorkloadQuery<P>,
  params: P,
  options: { capture?: PlanCapture; client?: AppPrismaClient } = {},
): Promise<WorkloadPlan> {
  const identity = query.identity(params);
  const nested = query.expect.nested;
  if (!nested) {
    const plan = await withIdentity(identity, (tx) => explainIn(tx, query.sql(params)), {
      ...(options.client ? { client: options.client } : {}),
    });
    return { plans: [plan], nested: false };
  }
  const capture = options.capture;
  if (!capture)
    throw new Error(`${query.key} needs a plan capture: its plan is inside ${nested.functions.join(", ")}.`);
  const plans = await withIdentity(
    identity,
    (tx) => captureNestedPlans(tx, capture, query.sql(params), nested.functions),
    { client: capture.client },
  );
  return { plans, nested: true };
}

/** The root nodes of a workload plan. */
export function rootNodes(plan: WorkloadPlan): PlanNode[] {
  return plan.plans.map((p) => p.Plan);
}

/** Partitions and partition indexes mapped to their partitioned parents, from pg_inherits (any depth). */
export async function loadPlanContext(pool: pg.Pool): Promise<PlanContext> {
  const { rows } = await pool.query<{ child: string; parent: string }>(
    `WITH RECURSIVE tree AS (
       SELECT inhrelid, inhparent FROM pg_inherits
       UNION ALL
       SELECT t.inhrelid, i.inhparent FROM tree t JOIN pg_inherits i ON i.inhrelid = t.inhparent
     )
     SELECT c.relname AS child, p.relname AS parent
     FROM tree t JOIN pg_class c ON c.oid = t.inhrelid JOIN pg_class p ON p.oid = t.inhparent
     WHERE NOT EXISTS (SELECT 1 FROM pg_inherits up WHERE up.inhrelid = t.inhparent)`,
  );
  const sizes = await pool.query<{ relname: string; rows: number }>(
    `SELECT c.relname, c.reltuples::float8 AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm')`,
  );
  return {
    parents: new Map(rows.map((row) => [row.child, row.parent])),
    rows: new Map(sizes.rows.map((row) => [row.relname, Number(row.rows)])),
  };
}
