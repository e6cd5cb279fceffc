import "server-only";
import { ActionError } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { CLIENT_ALTERNATE_CONTACT_SQL, CLIENT_PHONE_SQL, GUEST_PHONE_SQL } from "@/lib/crypto/sql";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { confirmationMatches, type TEraseClient, type TEraseGuest } from "./schema";

// Right of erasure (report section 6.5). One transaction under the requester's
// row-level security: the app deletes and pseudonymises what a planner may
// change, then gdpr_finish_erasure (migration 20261127000500_gdpr, security
// definer) does what no app user may: pseudonymise contracts and proposals,
// delete the vendor threads and outbox, destroy the couple's data key
// (crypto-shredding), scrub the audit trail and rebuild materialized views.
//
// The audit trail keeps each entry's row_hash and chain_hash, so the chain
// still verifies (lib/audit/verify.ts); only the values go. An entry is
// scrubbed when its record carries one of the person's ids (guest_id,
// wedding_id, … in its INSERT or DELETE entry, so tables added later are
// covered without a change here), or when its values contain the person's
// name, email or phone.

/**
 * Financial records the law requires us to keep (bookkeeping): their rows
 * stay, pseudonymised, and so does their audit history. Every other table's
 * entries about the person are scrubbed.
 */
export const RETAINED_FINANCIAL_TABLES = ["payment", "payment_installment"] as const;

export type ErasureSummary = Record<string, number>;

type Person = { names: (string | null)[]; emails: (string | null)[]; phones: (string | null)[] };

/** What the audit trail is searched for: names, emails and phones, also without spaces. */
export function searchTerms(person: Person): string[] {
  const terms = new Set<string>();
  for (const value of [...person.names, ...person.emails]) if (value?.trim()) terms.add(value.trim());
  for (const phone of person.phones) {
    if (!phone?.trim()) continue;
    terms.add(phone.trim());
    terms.add(phone.replace(/\s+/g, ""));
  }
  return [...terms];
}

async function openRequest(tx: Tx, identity: UserIdentity, kind: "client" | "guest", id: number, plannerId: number) {
  const [request] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO gdpr_request (kind, subject_kind, subject_id, planner_id, requested_by)
    VALUES ('erasure', ${kind}, ${id}, ${plannerId}, ${identity.userId})
    RETURNING request_id AS id`;
  if (!request) throw new Error("The erasure request was not recorded.");
  return request.id;
}

async function finish(
  tx: Tx,
  requestId: bigint,
  links: Record<string, number[]>,
  terms: string[],
  counts: ErasureSummary,
): Promise<ErasureSummary> {
  const [row] = await tx.$queryRaw<{ result: Record<string, number> }[]>`
    SELECT gdpr_finish_erasure(${requestId}::bigint, ${JSON.stringify(links)}::jsonb, ${terms}::text[],
                               ${[...RETAINED_FINANCIAL_TABLES]}::text[]) AS result`;
  const summary = { ...counts, ...row?.result };
  await tx.gdprRequest.update({ where: { id: requestId }, data: { completedAt: new Date(), summary } });
  return summary;
}

function requirePlannerOrAdmin(identity: UserIdentity) {
  if (identity.role !== "planner" && identity.role !== "admin") throw new ActionError("Not found.");
}

/**
 * Erases a guest: every guest row with the same email (case-insensitive) that
 * the requester may see, with their RSVPs, consents and outbox mail (foreign
 * keys cascade), households left empty, and their audit history.
 */
export async function eraseGuest(identity: UserIdentity, input: TEraseGuest): Promise<ErasureSummary> {
  requirePlannerOrAdmin(identity);
  return withIdentity(
    identity,
    async (tx) => {
      const guest = await tx.guest.findFirst({
        where: { id: input.guestId, weddingId: input.weddingId },
        select: { fullName: true, email: true, wedding: { select: { plannerId: true } } },
      });
      if (!guest) throw new ActionError("That guest was not found.");
      if (!confirmationMatches(input.confirmation, guest.fullName)) {
        throw new ActionError("The name does not match.", {
          confirmation: [`Type the guest's name, ${guest.fullName}, to confirm.`],
        });
      }
      const requestId = await openRequest(tx, identity, "guest", input.guestId, guest.wedding.plannerId);
      const email = guest.email?.trim() || null;
      const rows = await tx.$queryRaw<
        { id: number; householdId: number; fullName: string; email: string | null; phone: string | null }[]
      >`
        SELECT g.guest_id AS "id", g.household_id AS "householdId", g.full_name AS "fullName", g.email,
               ${GUEST_PHONE_SQL} AS "phone"
        FROM guest g
        WHERE g.guest_id = ${input.guestId} OR (${email}::text IS NOT NULL AND lower(g.email) = lower(${email}))`;
      const ids = rows.map((r) => r.id);
      const deleted = await tx.guest.deleteMany({ where: { id: { in: ids } } });
      const emptied = await tx.household.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.householdId))] }, guests: { none: {} } },
        select: { id: true },
      });
      const households = await tx.household.deleteMany({ where: { id: { in: emptied.map((h) => h.id) } } });
      const terms = searchTerms({
        names: rows.map((r) => r.fullName),
        emails: rows.map((r) => r.email),
        phones: rows.map((r) => r.phone),
      });
      return finish(tx, requestId, { guest_id: ids, household_id: emptied.map((h) => h.id) }, terms, {
        guests: deleted.count,
        households: households.count,
      });
    },
    { timeoutMs: 60_000 },
  );
}

/**
 * Erases a couple (client): their guest lists go, their profile and weddings
 * are pseudonymised, bookings and payments stay (bookkeeping) without notes,
 * and their data key is destroyed, so every ciphertext under it, in backups
 * too, is unreadable.
 */
export async function eraseClient(identity: UserIdentity, input: TEraseClient): Promise<ErasureSummary> {
  requirePlannerOrAdmin(identity);
  return withIdentity(
    identity,
    async (tx) => {
      const [client] = await tx.$queryRaw<
        {
          plannerId: number;
          name: string;
          email: string | null;
          primaryContact: string | null;
          phone: string | null;
          alternateContact: string | null;
        }[]
      >`
        SELECT c.planner_id AS "plannerId", c.name, c.email, c.primary_contact AS "primaryContact",
               ${CLIENT_PHONE_SQL} AS "phone", ${CLIENT_ALTERNATE_CONTACT_SQL} AS "alternateContact"
        FROM client c JOIN wedding w ON w.client_id = c.client_id
        WHERE c.client_id = ${input.clientId} AND w.wedding_id = ${input.weddingId}`;
      if (!client) throw new ActionError("That couple was not found.");
      if (!confirmationMatches(input.confirmation, client.name)) {
        throw new ActionError("The name does not match.", {
          confirmation: [`Type the couple's name, ${client.name}, to confirm.`],
        });
      }
      const requestId = await openRequest(tx, identity, "client", input.clientId, client.plannerId);
      const weddings = await tx.wedding.findMany({
        where: { clientId: input.clientId },
        select: { id: true, name: true },
      });
      const weddingIds = weddings.map((w) => w.id);
      const guests = await tx.guest.deleteMany({ where: { weddingId: { in: weddingIds } } });
      const households = await tx.household.deleteMany({ where: { weddingId: { in: weddingIds } } });
      // "" clears an encrypted column (the encryption trigger stores NULL).
      await tx.client.update({
        where: { id: input.clientId },
        data: {
          name: `Erased client #${input.clientId}`,
          email: null,
          phone: "",
          alternateContact: "",
          primaryContact: null,
        },
      });
      await tx.$executeRaw`UPDATE wedding SET wedding_name = 'Wedding #' || wedding_id WHERE client_id = ${input.clientId}`;
      const bookings = await tx.booking.updateMany({
        where: { clientId: input.clientId, notes: { not: null } },
        data: { notes: null },
      });
      const terms = searchTerms({
        names: [client.name, client.primaryContact, client.alternateContact, ...weddings.map((w) => w.name)],
        emails: [client.email],
        phones: [client.phone],
      });
      return finish(tx, requestId, { client_id: [input.clientId], wedding_id: weddingIds }, terms, {
        weddings: weddings.length,
        guests: guests.count,
        households: households.count,
        bookingNotes: bookings.count,
      });
    },
    { timeoutMs: 60_000 },
  );
}
