import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The app's one Prisma client. It connects with APP_DATABASE_URL, which the
// start scripts set; person-scoped work goes through withIdentity().

function appDatabaseUrl(): string {
  const url = process.env.APP_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error("APP_DATABASE_URL is not set. Start the app with `npm start` or `npm run dev`.");
  }
  return url;
}

export type AppClientOptions = { poolSize?: number; applicationName?: string };

/**
 * A client like the app's, on a pool of its own. The app uses the one from
 * getPrisma(); tests that need separate connections make their own.
 */
export function createAppClient(options: AppClientOptions = {}) {
  const adapter = new PrismaPg({
    connectionString: appDatabaseUrl(),
    max: options.poolSize ?? Number(process.env.DB_POOL_SIZE ?? 10),
    // Interactive pages must not wait on a runaway query.
    statement_timeout: Number(process.env.DB_STATEMENT_TIMEOUT_MS ?? 10_000),
    application_name: options.applicationName ?? "wedding-planner",
  });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true, mfaSecret: true } } });
}

type AppPrismaClient = ReturnType<typeof createAppClient>;

const globalForPrisma = globalThis as unknown as { prisma?: AppPrismaClient };

export function getPrisma(): AppPrismaClient {
  globalForPrisma.prisma ??= createAppClient();
  return globalForPrisma.prisma;
}

export type { AppPrismaClient };
