import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getLogger } from "@/lib/log/logger";
import { observeQuery, registerPool } from "@/lib/metrics/registry";
import { appDatabaseUrl } from "./client";
import { getReadPoolSettings } from "./pool-config";
import { PRISMA_LIKE_TYPES, toPgValue } from "./prisma-like-types";
import { identityStatement, type Identity } from "./with-identity";

// The lean path for hot reads. The same rule as withIdentity: one transaction,
// whose first statement sets the person's identity (the very statement
// withIdentity sends, master keys as bound parameters), then the reads, then
// COMMIT. The difference is the wire: the pool is pipelined, so BEGIN, the
// identity, the reads and COMMIT leave in one write and come back in one round
// trip, where withIdentity waits for each (four round trips and Prisma's
// interactive-transaction bookkeeping).
// - READ ONLY: a read that tries to write fails instead of writing;
// - REPEATABLE READ: several statements in one call see one snapshot;
// - each statement has its own Sync, so an error in one aborts the
//   transaction and COMMIT comes back as ROLLBACK; the statements after it
//   fail with "current transaction is aborted", never run without identity;
// - the connection goes back to the pool only when PostgreSQL reports it idle
//   outside any transaction; otherwise it is destroyed. set_config(..., true)
//   ends with the transaction either way, so no identity outlives the call.
// Results look like $queryRaw's (prisma-like-types.ts). Writes and multi-step
// work (read, decide, write) stay on withIdentity.

export type ReadPool = { pool: pg.Pool; name: string };

export type ReadPoolOptions = {
  /** Another database than APP_DATABASE_URL's (the benchmark's, a test's). */
  url?: string;
  max?: number;
  /** Label of this pool in the metrics. */
  name?: string;
};

// The three fixed statements are named: each connection parses them once and
// then only binds and executes them. The reads stay unnamed (their text varies).
const BEGIN = { name: "wp_read_begin", text: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" };
const COMMIT = { name: "wp_read_commit", text: "COMMIT" };
const IDENTITY = "wp_read_identity";
const GENERIC_PLANS = "wp_read_generic_plans";
const GENERIC_PLANS_SQL = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

/** A pipelined pool like the app's. The app uses getReadPool(); tests and the benchmark make their own. */
export function createReadPool(options: ReadPoolOptions = {}): ReadPool {
  const settings = getReadPoolSettings();
  const pool = new pg.Pool({
    connectionString: options.url ?? appDatabaseUrl(),
    max: options.max ?? settings.max,
    pipeline: true,
    statement_timeout: settings.statementTimeoutMs,
    connectionTimeoutMillis: settings.connectionWaitMs,
    application_name: settings.applicationName,
    types: PRISMA_LIKE_TYPES,
  });
  // A connection that dies while idle in the pool must not crash the process; the pool drops it.
  pool.on("error", (error) => getLogger().warn({ pool: options.name ?? "read", err: error.message }, "read pool"));
  return { pool, name: options.name ?? "read" };
}

const globalForRead = globalThis as unknown as { readPool?: ReadPool };

/** The app's read pool, shown in /api/metrics as db_pool_connections{pool="read"}. */
export function getReadPool(): ReadPool {
  if (!globalForRead.readPool) {
    const readPool = createReadPool();
    registerPool(readPool.name, readPool.pool, readPool.pool.options.max);
    globalForRead.readPool = readPool;
  }
  return globalForRead.readPool;
}

export type ReadOptions = {
  pool?: ReadPool;
  /** Keep the statements prepared on the connection (see extended() below). */
  prepared?: boolean;
};

// The extended protocol even without parameters: one statement per Prisma.sql,
// never a script. (pg's queryMode is missing from @types/pg.) With `prepared`,
// the read is a named prepared statement, named after its text: a connection
// parses and plans it once, with a generic plan from the first run
// (plan_cache_mode, for this transaction only). Left to itself PostgreSQL plans
// the first five runs on each connection afresh, which with a pool of ten is 50
// slow reads, and may keep doing so when a custom plan looks cheaper. That is
// opt-in per call site: it saves planning over booking's partitions, but for
// the cockpit the generic plan was four times slower than planning afresh
// (docs/benchmarks.md), so each caller that opts in has been measured.
function extended(statement: Prisma.Sql, prepared: boolean): pg.QueryConfig {
  const name = prepared ? `wp_q_${createHash("sha1").update(statement.text).digest("hex").slice(0, 20)}` : undefined;
  return {
    ...(name ? { name } : {}),
    text: statement.text,
    values: statement.values.map(toPgValue),
    queryMode: "extended",
  } as pg.QueryConfig;
}

/** Rows of one tagged Prisma.sql statement, run as `identity` under row-level security, in one round trip. */
export async function readAs<T>(identity: Identity, statement: Prisma.Sql, options: ReadOptions = {}): Promise<T[]> {
  const [rows] = await readAllAs<[T[]]>(identity, [statement], options);
  return rows;
}

/**
 * Several statements in one transaction and one snapshot, still one round trip:
 *   const [guests, events] = await readAllAs<[TGuest[], TEvent[]]>(identity, [guestsSql, eventsSql]);
 */
export async function readAllAs<T extends unknown[][]>(
  identity: Identity,
  statements: { [K in keyof T]: Prisma.Sql },
  options: ReadOptions = {},
): Promise<T> {
  if (statements.length === 0) throw new Error("readAllAs needs at least one statement.");
  const identitySql = identityStatement(identity);
  const { pool, name } = options.pool ?? getReadPool();
  const client = await pool.connect();
  const started = performance.now();
  const durations: number[] = [];
  const timed = (promise: Promise<pg.QueryResult>, index: number) =>
    promise.then((result) => {
      durations[index] = performance.now() - started;
      return result;
    });
  // One write for the whole transaction; each query corks again inside, which nests.
  const stream = client.connection.stream;
  let sent: Promise<pg.QueryResult>[];
  stream.cork();
  try {
    sent = [
      client.query(BEGIN),
      client.query({ name: IDENTITY, text: identitySql.text, values: identitySql.values }),
      ...(options.prepared === true ? [client.query({ name: GENERIC_PLANS, text: GENERIC_PLANS_SQL })] : []),
      ...statements.map((statement, index) =>
        timed(client.query(extended(statement, options.prepared === true)), index),
      ),
      client.query(COMMIT),
    ];
  } catch (error) {
    // Half a transaction may be on the wire: this connection is not reused.
    client.release(true);
    throw error;
  } finally {
    stream.uncork();
  }
  const settled = await Promise.allSettled(sent);
  const commit = settled.at(-1)!;
  const idle = commit.status === "fulfilled" && client.getTransactionStatus() === "I";
  client.release(idle ? undefined : true);

  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure) throw failure.reason;
  if (commit.status === "fulfilled" && commit.value.command !== "COMMIT") {
    throw new Error(`The read transaction ended with ${commit.value.command} instead of COMMIT.`);
  }
  for (const [index, ms] of durations.entries()) {
    if (observeQuery(name, ms)) {
      getLogger().warn({ pool: name, ms: Math.round(ms), query: statements[index]!.text.slice(0, 500) }, "slow query");
    }
  }
  // After BEGIN, the identity and (prepared) the plan setting; before COMMIT.
  const reads = settled.slice(-1 - statements.length, -1) as PromiseFulfilledResult<pg.QueryResult>[];
  return reads.map((outcome) => outcome.value.rows) as T;
}
