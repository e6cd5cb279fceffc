import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UserIdentity } from "@/lib/auth/guards";
import { CLIENT_ALTERNATE_CONTACT_SQL, CLIENT_PHONE_SQL, GUEST_PHONE_SQL } from "@/lib/crypto/sql";
import { retryOnSerializationFailure } from "@/lib/db/retry-serialization";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import type { TGdprSubject } from "./schema";

// Right of access (report section 6.5): everything the app holds about one
// person, decrypted, as one JSON document. It is read in one REPEATABLE READ
// transaction, so every section comes from the same snapshot, under the
// requester's row-level security: a planner sees their own clients and their
// weddings' guests, an admin everyone. The export itself is recorded in
// gdpr_request (audited), with counts only.

export type PersonalDataExport = {
  exportedAt: string;
  requestId: string;
  subject: TGdprSubject;
  profile: Record<string, unknown> | null;
  weddings: unknown[];
  households: unknown[];
  guests: unknown[];
  rsvps: unknown[];
  bookings: unknown[];
  payments: unknown[];
  proposals: unknown[];
  contracts: unknown[];
  messages: unknown[];
  consents: unknown[];
  outbox: unknown[];
  audit: unknown[];
};

type Scope = {
  plannerId: number;
  profile: Record<string, unknown> | null;
  weddingIds: number[];
  guestIds: number[];
  email: string | null;
};

/** bigint is not JSON; ids that big never occur, but log ids are bigint columns. */
function plain<T>(rows: T[]): T[] {
  return JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as T[];
}

async function clientScope(tx: Tx, clientId: number): Promise<Scope | null> {
  const [client] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT c.client_id AS "id", c.planner_id AS "plannerId", c.name, c.email, ${CLIENT_PHONE_SQL} AS "phone",
           c.primary_contact AS "primaryContact", ${CLIENT_ALTERNATE_CONTACT_SQL} AS "alternateContact",
           c.created_at AS "createdAt", c.updated_at AS "updatedAt"
    FROM client c WHERE c.client_id = ${clientId}`;
  if (!client) return null;
  const weddings = await tx.wedding.findMany({ where: { clientId }, select: { id: true } });
  const weddingIds = weddings.map((w) => w.id);
  const guests = await tx.guest.findMany({ where: { weddingId: { in: weddingIds } }, select: { id: true } });
  return {
    plannerId: client.plannerId as number,
    profile: client,
    weddingIds,
    guestIds: guests.map((g) => g.id),
    email: (client.email as string | null) ?? null,
  };
}

async function guestScope(tx: Tx, guestId: number): Promise<Scope | null> {
  const guest = await tx.guest.findUnique({
    where: { id: guestId },
    select: { email: true, wedding: { select: { plannerId: true } } },
  });
  if (!guest) return null;
  const email = guest.email?.trim() || null;
  // The same person at other weddings, as far as the requester may see.
  const same = email
    ? await tx.guest.findMany({
        where: { OR: [{ id: guestId }, { email: { equals: email, mode: "insensitive" } }] },
        select: { id: true, weddingId: true },
        orderBy: { id: "asc" },
      })
    : [{ id: guestId, weddingId: 0 }];
  const guestIds = same.map((g) => g.id);
  const weddings = await tx.guest.findMany({ where: { id: { in: guestIds } }, select: { weddingId: true } });
  return {
    plannerId: guest.wedding.plannerId,
    profile: null,
    weddingIds: [...new Set(weddings.map((w) => w.weddingId))],
    guestIds,
    email,
  };
}

async function collect(tx: Tx, subject: TGdprSubject, scope: Scope) {
  const isClient = subject.kind === "client";
  const { weddingIds, guestIds } = scope;
  const clientId = isClient ? subject.clientId : -1;
  const weddings = await tx.wedding.findMany({
    where: { id: { in: weddingIds } },
    select: {
      id: true,
      name: true,
      weddingDate: true,
      status: true,
      guestCountTarget: true,
      currency: true,
      rsvpDeadline: true,
      createdAt: true,
    },
    orderBy: { id: "asc" },
  });
  const guests = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT g.guest_id AS "id", g.wedding_id AS "weddingId", g.household_id AS "householdId", g.full_name AS "fullName",
           g.email, ${GUEST_PHONE_SQL} AS "phone", g.dietary_preference AS "dietaryPreference",
           g.created_at AS "createdAt", g.updated_at AS "updatedAt"
    FROM guest g WHERE g.guest_id = ANY (${guestIds}::int[]) ORDER BY g.guest_id`;
  const householdIds = [...new Set(guests.map((g) => g.householdId as number))];
  const households = await tx.household.findMany({
    where: isClient ? { weddingId: { in: weddingIds } } : { id: { in: householdIds } },
    select: { id: true, weddingId: true, name: true, plusOneAllowance: true },
    orderBy: { id: "asc" },
  });
  const rsvps = await tx.eventRsvp.findMany({
    where: { guestId: { in: guestIds } },
    select: {
      id: true,
      guestId: true,
      status: true,
      mealChoice: true,
      plusOnes: true,
      plusOneNames: true,
      respondedAt: true,
      event: { select: { id: true, name: true, eventDate: true } },
    },
    orderBy: { id: "asc" },
  });
  const consents = await tx.consent.findMany({
    where: { guestId: { in: guestIds } },
    select: { id: true, guestId: true, purpose: true, granted: true, textVersion: true, decidedAt: true, source: true },
    orderBy: { id: "asc" },
  });
  const outbox = await tx.outboxMessage.findMany({
    where: {
      OR: [
        { guestId: { in: guestIds } },
        ...(scope.email
          ? [{ weddingId: { in: weddingIds }, toAddress: { equals: scope.email, mode: "insensitive" as const } }]
          : []),
      ],
    },
    select: {
      id: true,
      guestId: true,
      kind: true,
      toAddress: true,
      subject: true,
      body: true,
      status: true,
      createdAt: true,
      sentAt: true,
    },
    orderBy: { id: "asc" },
  });
  const bookings = await tx.booking.findMany({
    where: { clientId },
    select: {
      id: true,
      weddingId: true,
      vendorId: true,
      venueId: true,
      bookingDate: true,
      eventDate: true,
      status: true,
      totalCost: true,
      notes: true,
    },
    orderBy: { id: "asc" },
  });
  // The method is stored encrypted; the export gives it in the clear.
  const payments = await tx.$queryRaw<unknown[]>`
    SELECT p.payment_id AS "id", p.booking_id AS "bookingId", p.amount::text AS "amount",
           p.payment_status::text AS "paymentStatus", p.payment_date::text AS "paymentDate",
           p.due_date::text AS "dueDate", app_pii_decrypt(p.method_encrypted, p.client_id) AS "method"
    FROM payment p WHERE p.client_id = ${clientId}
    ORDER BY p.payment_id`;
  const clientWeddings = isClient ? weddingIds : [];
  const proposals = await tx.proposal.findMany({
    where: { weddingId: { in: clientWeddings } },
    select: {
      id: true,
      weddingId: true,
      vendorId: true,
      status: true,
      currency: true,
      totalAmount: true,
      validUntil: true,
      message: true,
      lines: {
        select: { position: true, description: true, quantity: true, unitPrice: true, lineTotal: true },
        orderBy: { position: "asc" },
      },
    },
    orderBy: { id: "asc" },
  });
  const contracts = await tx.contract.findMany({
    where: { weddingId: { in: clientWeddings } },
    select: {
      id: true,
      weddingId: true,
      vendorName: true,
      weddingName: true,
      status: true,
      currency: true,
      totalAmount: true,
      acceptedAt: true,
      documentFileName: true,
    },
    orderBy: { id: "asc" },
  });
  const messages = await tx.message.findMany({
    where: { thread: { weddingId: { in: clientWeddings } } },
    select: {
      id: true,
      seq: true,
      senderSide: true,
      body: true,
      createdAt: true,
      thread: { select: { weddingId: true, vendorId: true } },
    },
    orderBy: [{ threadId: "asc" }, { seq: "asc" }],
  });
  return { weddings, households, guests, rsvps, consents, outbox, bookings, payments, proposals, contracts, messages };
}

/**
 * The person's data, or null when the requester may not see them (unknown
 * ids, another planner's people, vendors): the caller answers 404.
 */
export async function exportPersonalData(
  identity: UserIdentity,
  subject: TGdprSubject,
): Promise<PersonalDataExport | null> {
  if (identity.role !== "planner" && identity.role !== "admin") return null;
  // One snapshot for the whole export; recording the request touches the audit
  // chain's head, which a concurrent write may have moved: then run it again.
  return retryOnSerializationFailure(() =>
    withIdentity(
      identity,
      async (tx) => {
        const scope =
          subject.kind === "client" ? await clientScope(tx, subject.clientId) : await guestScope(tx, subject.guestId);
        if (!scope) return null;
        const data = await collect(tx, subject, scope);
        const [request] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO gdpr_request (kind, subject_kind, subject_id, planner_id, requested_by)
        VALUES ('export', ${subject.kind}, ${subject.kind === "client" ? subject.clientId : subject.guestId},
                ${scope.plannerId}, ${identity.userId})
        RETURNING request_id AS id`;
        if (!request) throw new Error("The export request was not recorded.");
        const audit = await tx.$queryRaw<Record<string, unknown>[]>(
          Prisma.sql`SELECT * FROM gdpr_export_audit(${request.id}::bigint)`,
        );
        const summary = Object.fromEntries([
          ...Object.entries(data).map(([k, v]) => [k, v.length]),
          ["audit", audit.length],
        ]);
        await tx.gdprRequest.update({ where: { id: request.id }, data: { completedAt: new Date(), summary } });
        return {
          exportedAt: new Date().toISOString(),
          requestId: request.id.toString(),
          subject,
          profile: scope.profile ? plain([scope.profile])[0]! : null,
          ...plain([data])[0]!,
          audit: plain(audit),
        };
      },
      { isolationLevel: "RepeatableRead", timeoutMs: 60_000 },
    ),
  );
}
