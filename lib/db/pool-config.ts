import { z } from "zod";

// The app's two connection pools (report section 1.3: an unbounded report must
// not hold up the pages people click through).
// - main: interactive pages and actions, with a short statement timeout;
// - report: CSV exports and the admin's report pages. Few connections and a
//   long statement timeout, so reports queue among themselves instead of taking
//   every connection; a lock timeout, so a report never queues behind a DDL
//   lock (and everything else behind the report).
// Pure: reads only the environment it is given.

export type PoolName = "main" | "report";

export type PoolSettings = {
  max: number;
  statementTimeoutMs: number;
  /** 0: no lock timeout. */
  lockTimeoutMs: number;
  /** How long withIdentity lets a transaction run, a little over the statement timeout. */
  transactionTimeoutMs: number;
  /** How long withIdentity waits for a free connection before giving up. */
  connectionWaitMs: number;
  applicationName: string;
};

const ZMs = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const VARIABLES = {
  DB_POOL_SIZE: { schema: z.coerce.number().int().min(1).max(500), fallback: 10, hint: "a whole number from 1 to 500" },
  DB_STATEMENT_TIMEOUT_MS: { schema: ZMs(100, 3_600_000), fallback: 10_000, hint: "milliseconds, 100 to 3600000" },
  REPORT_DB_POOL_SIZE: {
    schema: z.coerce.number().int().min(1).max(50),
    fallback: 2,
    hint: "a whole number from 1 to 50",
  },
  REPORT_STATEMENT_TIMEOUT_MS: { schema: ZMs(100, 3_600_000), fallback: 120_000, hint: "milliseconds, 100 to 3600000" },
  REPORT_LOCK_TIMEOUT_MS: { schema: ZMs(0, 600_000), fallback: 5_000, hint: "milliseconds, 0 to 600000" },
} as const;

type Variable = keyof typeof VARIABLES;

function read(env: Record<string, string | undefined>, name: Variable): number {
  const { schema, fallback, hint } = VARIABLES[name];
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${name} must be ${hint} (got "${raw}").`);
  return parsed.data;
}

export function getPoolSettings(env: Record<string, string | undefined> = process.env): Record<PoolName, PoolSettings> {
  const mainTimeout = read(env, "DB_STATEMENT_TIMEOUT_MS");
  const reportTimeout = read(env, "REPORT_STATEMENT_TIMEOUT_MS");
  return {
    main: {
      max: read(env, "DB_POOL_SIZE"),
      statementTimeoutMs: mainTimeout,
      lockTimeoutMs: 0,
      // The historical 15 s, or longer when the statement timeout is.
      transactionTimeoutMs: Math.max(15_000, mainTimeout + 5_000),
      connectionWaitMs: 5_000,
      applicationName: "wedding-planner",
    },
    report: {
      max: read(env, "REPORT_DB_POOL_SIZE"),
      statementTimeoutMs: reportTimeout,
      lockTimeoutMs: read(env, "REPORT_LOCK_TIMEOUT_MS"),
      transactionTimeoutMs: reportTimeout + 5_000,
      // Reports queue for one of the few report connections rather than fail at once.
      connectionWaitMs: 30_000,
      applicationName: "wedding-planner-report",
    },
  };
}

export type ReadPoolSettings = Omit<PoolSettings, "transactionTimeoutMs" | "lockTimeoutMs">;

/**
 * The pipelined pool of readAs() (read-as.ts): the interactive pool's
 * statement timeout and connection wait, and as many connections unless
 * READ_DB_POOL_SIZE says otherwise. A read holds its connection for one round
 * trip, so it needs fewer than withIdentity's pool.
 */
export function getReadPoolSettings(env: Record<string, string | undefined> = process.env): ReadPoolSettings {
  const { main } = getPoolSettings(env);
  const raw = env.READ_DB_POOL_SIZE?.trim();
  const size = z.coerce.number().int().min(1).max(500).safeParse(raw);
  if (raw && !size.success) throw new Error(`READ_DB_POOL_SIZE must be a whole number from 1 to 500 (got "${raw}").`);
  return {
    max: raw && size.success ? size.data : main.max,
    statementTimeoutMs: main.statementTimeoutMs,
    connectionWaitMs: main.connectionWaitMs,
    applicationName: "wedding-planner-read",
  };
}
