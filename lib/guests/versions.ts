import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ActionError } from "@/lib/actions/action";
import type { Tx } from "@/lib/db/with-identity";

// Optimistic concurrency. A row's version is its updated_at, which a trigger
// sets on every UPDATE to the microsecond. A JavaScript Date keeps only
// milliseconds, so versions travel as text ("2026-11-25T10:00:00.123456Z") and
// are compared in SQL. The check locks the row (FOR UPDATE), so nobody can
// change it between the check and the write.

/** updated_at of `alias` as a version string. */
export function versionSql(alias: string): Prisma.Sql {
  return Prisma.raw(`to_char(${alias}.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
}

const TABLES = {
  household: { id: "household_id", thing: "household" },
  guest: { id: "guest_id", thing: "guest" },
  event_rsvp: { id: "rsvp_id", thing: "RSVP" },
} as const;

export type VersionedTable = keyof typeof TABLES;

export function conflictMessage(table: VersionedTable): string {
  return `This ${TABLES[table].thing} was changed by someone else since you opened it. Reload to see their changes.`;
}

export function notFoundMessage(table: VersionedTable): string {
  const thing = TABLES[table].thing;
  return `This ${thing} was not found: it may have been deleted, or it belongs to another wedding. Nothing was changed.`;
}

/**
 * Locks one row of the wedding if it still has `version`. Throws the "not
 * found" message when the row is not in that wedding (or not the identity's to
 * see) and the conflict message when someone changed it since.
 */
export async function lockAtVersion(
  tx: Tx,
  table: VersionedTable,
  id: number,
  weddingId: number,
  version: string,
): Promise<void> {
  const { id: idColumn } = TABLES[table];
  const rows = await tx.$queryRaw<{ current: boolean }[]>(
    Prisma.sql`SELECT updated_at = ${version}::timestamptz AS current
               FROM ${Prisma.raw(table)}
               WHERE ${Prisma.raw(idColumn)} = ${id} AND wedding_id = ${weddingId}
               FOR UPDATE`,
  );
  const row = rows[0];
  if (!row) throw new ActionError(notFoundMessage(table));
  if (!row.current) throw new ActionError(conflictMessage(table));
}
