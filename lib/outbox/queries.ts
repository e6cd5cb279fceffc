import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { EMAIL_PATTERN } from "@/lib/reminders/schema";
import { OUTBOX_PAGE_SIZE, type TOutboxFilters, type TOutboxKind, type TOutboxStatus } from "./schema";

// What the outbox page shows: one wedding's messages, newest first, a page at
// a time, and its events with how many guests have not answered each.

export type OutboxRow = {
  id: number;
  createdAt: string;
  to: string;
  subject: string;
  kind: TOutboxKind;
  eventName: string | null;
  status: TOutboxStatus;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
};

export type ReminderEvent = {
  id: number;
  name: string;
  date: string;
  startTime: string;
  status: string;
  /** Guests whose RSVP for this event is Pending. */
  pending: number;
  /** Of those, the ones with an email address: who a reminder would reach. */
  pendingWithEmail: number;
};

export type OutboxPage = {
  wedding: { id: number; name: string };
  events: ReminderEvent[];
  statusCounts: Record<TOutboxStatus, number>;
  rows: OutboxRow[];
  total: number;
  page: number;
  pageCount: number;
};

/** The page's data; null when the wedding is not the identity's to see. */
export async function getOutboxPage(
  identity: Identity,
  weddingId: number,
  filters: TOutboxFilters,
): Promise<OutboxPage | null> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({ where: { id: weddingId }, select: { id: true, name: true } });
    if (!wedding) return null;

    const events = await tx.$queryRaw<ReminderEvent[]>`
      SELECT e.event_id AS id, e.name, to_char(e.event_date, 'YYYY-MM-DD') AS date,
             to_char(e.start_time, 'HH24:MI') AS "startTime", e.status::text AS status,
             count(r.rsvp_id) FILTER (WHERE r.status = 'Pending')::int AS pending,
             count(r.rsvp_id) FILTER (WHERE r.status = 'Pending' AND btrim(g.email) ~ ${EMAIL_PATTERN})::int
               AS "pendingWithEmail"
      FROM event e
      LEFT JOIN event_rsvp r ON r.event_id = e.event_id AND r.wedding_id = e.wedding_id
      LEFT JOIN guest g ON g.guest_id = r.guest_id AND g.wedding_id = r.wedding_id
      WHERE e.wedding_id = ${weddingId}
      GROUP BY e.event_id
      ORDER BY e.event_date, e.start_time, e.event_id`;

    const grouped = await tx.outboxMessage.groupBy({ by: ["status"], where: { weddingId }, _count: { _all: true } });
    const statusCounts: Record<TOutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
    for (const group of grouped) statusCounts[group.status as TOutboxStatus] = group._count._all;

    const where = filters.status ? { weddingId, status: filters.status } : { weddingId };
    const total = filters.status
      ? statusCounts[filters.status]
      : Object.values(statusCounts).reduce((sum, n) => sum + n, 0);
    const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
    const page = Math.min(filters.page, pageCount);
    const messages = await tx.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * OUTBOX_PAGE_SIZE,
      take: OUTBOX_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        toAddress: true,
        subject: true,
        kind: true,
        status: true,
        attempts: true,
        sentAt: true,
        lastError: true,
        event: { select: { name: true } },
      },
    });
    return {
      wedding,
      events,
      statusCounts,
      rows: messages.map((m) => ({
        id: m.id,
        createdAt: m.createdAt.toISOString(),
        to: m.toAddress,
        subject: m.subject,
        kind: m.kind as TOutboxKind,
        eventName: m.event?.name ?? null,
        status: m.status as TOutboxStatus,
        attempts: m.attempts,
        sentAt: m.sentAt?.toISOString() ?? null,
        lastError: m.lastError,
      })),
      total,
      page,
      pageCount,
    };
  });
}
