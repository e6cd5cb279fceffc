import "server-only";
import { ActionError } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity } from "@/lib/db/with-identity";
import type { TStatsTarget } from "./schema";

// Resetting statistics: health_reset() checks the admin identity, resets, and
// writes a db_stats_reset row in the same transaction, whose audit trigger
// records the admin in audit_log.

export const RESET_LABELS: Record<TStatsTarget, string> = {
  statements: "Query statistics (pg_stat_statements) for this database",
  database: "Table, index and database counters (pg_stat_reset)",
};

function sqlState(error: unknown): string | undefined {
  // Prisma wraps the driver's error; the SQLSTATE sits in its meta or cause.
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    const meta = record.meta as Record<string, unknown> | undefined;
    const code = (meta?.code ?? meta?.driverAdapterError ?? record.code) as unknown;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    const adapterError = meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined;
    if (adapterError?.cause?.originalCode) return adapterError.cause.originalCode;
    current = record.cause;
  }
  return undefined;
}

export async function resetStatistics(identity: UserIdentity, target: TStatsTarget): Promise<Date> {
  try {
    return await withIdentity(identity, async (tx) => {
      const [row] = await tx.$queryRaw<{ at: Date }[]>`SELECT health_reset(${target}::text) AS at`;
      return row!.at;
    });
  } catch (error) {
    const state = sqlState(error);
    if (state === "42501") throw new ActionError("Not found.");
    if (state === "55000") {
      throw new ActionError("pg_stat_statements is not installed on this server, so there is nothing to reset.");
    }
    throw error;
  }
}
