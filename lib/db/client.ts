import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getLogger } from "@/lib/log/logger";
import { observeQuery, registerPool } from "@/lib/metrics/registry";
import { getPoolSettings, type PoolName } from "./pool-config";

// The app's Prisma clients, one per pool (pool-config.ts): "main" for
// interactive pages, "report" for long reports. Both connect with
// APP_DATABASE_URL, which the start scripts set; person-scoped work goes
// through withIdentity(), which picks the pool.

export function appDatabaseUrl(): string {
  const url = process.env.APP_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error("APP_DATABASE_URL is not set. Start the app with `npm start` or `npm run dev`.");
  }
  return url;
}

export type AppClientOptions = {
  pool?: PoolName;
  poolSize?: number;
  applicationName?: string;
  /** Another database than APP_DATABASE_URL's (the benchmark's). */
  url?: string;
};

function buildClient(options: AppClientOptions) {
  const name = options.pool ?? "main";
  const settings = getPoolSettings()[name];
  const max = options.poolSize ?? settings.max;
  const pool = new pg.Pool({
    connectionString: options.url ?? appDatabaseUrl(),
    max,
    // Interactive pages must not wait on a runaway query; reports get longer.
    statement_timeout: settings.statementTimeoutMs,
    ...(settings.lockTimeoutMs > 0 ? { lock_timeout: settings.lockTimeoutMs } : {}),
    application_name: options.applicationName ?? settings.applicationName,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true, mfaSecret: true } },
    log: [{ emit: "event", level: "query" }],
  });
  // The statement text has $n placeholders, never values; the parameters are not logged.
  client.$on("query", (event) => {
    if (observeQuery(name, event.duration)) {
      getLogger().warn({ pool: name, ms: Math.round(event.duration), query: event.query.slice(0, 500) }, "slow query");
    }
  });
  return { client, pool, max };
}

/**
 * A client like the app's, on a pool of its own. The app uses the ones from
 * getPrisma() and getReportPrisma(); tests that need separate connections make their own.
 */
export function createAppClient(options: AppClientOptions = {}) {
  return buildClient(options).client;
}

type AppPrismaClient = ReturnType<typeof createAppClient>;

const globalForPrisma = globalThis as unknown as { prisma?: AppPrismaClient; reportPrisma?: AppPrismaClient };

function appClient(name: PoolName): AppPrismaClient {
  const { client, pool, max } = buildClient({ pool: name });
  // Only the app's own pools show in /api/metrics.
  registerPool(name, pool, max);
  return client;
}

/** The interactive pool's client. */
export function getPrisma(): AppPrismaClient {
  globalForPrisma.prisma ??= appClient("main");
  return globalForPrisma.prisma;
}

/** The report pool's client: long reports only, so they never take the interactive pool's connections. */
export function getReportPrisma(): AppPrismaClient {
  globalForPrisma.reportPrisma ??= appClient("report");
  return globalForPrisma.reportPrisma;
}

export function getPrismaFor(pool: PoolName): AppPrismaClient {
  return pool === "report" ? getReportPrisma() : getPrisma();
}

export type { AppPrismaClient };
