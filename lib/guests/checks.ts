import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ActionError } from "@/lib/actions/action";
import type { Tx } from "@/lib/db/with-identity";

// Checks every guest-list write makes inside its transaction.

export const WEDDING_NOT_FOUND = "This wedding was not found. Nothing was changed.";

/**
 * Serialises writes to one wedding's guest list, so the duplicate and
 * allowance checks below see every earlier write. Transaction-scoped: it ends
 * at commit or rollback.
 */
export async function lockGuestList(tx: Tx, weddingId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('guest-list'), ${weddingId}::int)`;
}

/** The wedding, if row-level security shows it to this identity; otherwise the "not found" error. */
export async function requireWedding(tx: Tx, weddingId: number): Promise<{ id: number; name: string }> {
  const wedding = await tx.wedding.findUnique({ where: { id: weddingId }, select: { id: true, name: true } });
  if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
  return wedding;
}

/** Both: the usual start of a guest-list write. */
export async function beginGuestListWrite(tx: Tx, weddingId: number): Promise<{ id: number; name: string }> {
  const wedding = await requireWedding(tx, weddingId);
  await lockGuestList(tx, weddingId);
  return wedding;
}

export type AllowanceOverflow = {
  householdId: number;
  householdName: string;
  allowance: number;
  eventName: string;
  plusOnes: number;
};

/** Households of these whose guests bring more plus-ones to some event than the household's allowance. */
export async function findAllowanceOverflows(tx: Tx, householdIds: number[]): Promise<AllowanceOverflow[]> {
  if (householdIds.length === 0) return [];
  return tx.$queryRaw<AllowanceOverflow[]>(Prisma.sql`
    SELECT h.household_id AS "householdId", h.name AS "householdName", h.plus_one_allowance AS allowance,
           e.name AS "eventName", sum(r.plus_ones)::int AS "plusOnes"
    FROM household h
    JOIN guest g ON g.household_id = h.household_id
    JOIN event_rsvp r ON r.guest_id = g.guest_id
    JOIN event e ON e.event_id = r.event_id
    WHERE h.household_id = ANY(${householdIds}::int[])
    GROUP BY h.household_id, e.event_id
    HAVING sum(r.plus_ones) > h.plus_one_allowance
    ORDER BY h.household_id, e.event_id`);
}

export function describeOverflow(o: AllowanceOverflow): string {
  return `${o.householdName} would bring ${o.plusOnes} plus-one${o.plusOnes === 1 ? "" : "s"} to ${o.eventName}, more than its allowance of ${o.allowance}.`;
}

/** Throws when any of these households goes over its allowance; the transaction then rolls back. */
export async function assertWithinAllowance(tx: Tx, householdIds: number[], field: string): Promise<void> {
  const [first] = await findAllowanceOverflows(tx, householdIds);
  if (!first) return;
  const message = describeOverflow(first);
  throw new ActionError(message, { [field]: [message] });
}
