import "server-only";
import { getPrisma } from "@/lib/db/client";
import { getLogger } from "@/lib/log/logger";

export type Health =
  | { status: "ok"; database: "up"; migration: string | null; migrations: number }
  | { status: "error"; database: "down" };

const HEALTH_TIMEOUT_MS = 5_000;

// Runs on getPrisma() directly, outside withIdentity: a liveness probe and the
// migration history belong to no person and hold no tenant data.
export async function getHealth(): Promise<Health> {
  try {
    return await withTimeout(checkDatabase(), HEALTH_TIMEOUT_MS);
  } catch (error) {
    // The reason stays in the server log; callers only learn that the database is down.
    getLogger().error({ err: error }, "health check failed");
    return { status: "error", database: "down" };
  }
}

async function checkDatabase(): Promise<Health> {
  const prisma = getPrisma();
  await prisma.$queryRaw`SELECT 1`;
  const [table] = await prisma.$queryRaw<{ name: string | null }[]>`
    SELECT to_regclass('public._prisma_migrations')::text AS name`;
  if (!table?.name) return { status: "ok", database: "up", migration: null, migrations: 0 };
  const [history] = await prisma.$queryRaw<{ latest: string | null; applied: number }[]>`
    SELECT max(migration_name) AS latest, count(*)::int AS applied
    FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return { status: "ok", database: "up", migration: history?.latest ?? null, migrations: history?.applied ?? 0 };
}

// A probe must answer even when the database host does not (pg waits forever to connect by default).
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Health check timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
