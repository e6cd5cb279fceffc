import "server-only";
import { ActionError } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import { composeReminder, type ReminderEvent } from "./compose";
import { EMAIL_PATTERN, type TRemindNonResponders } from "./schema";

// Queues one reminder per guest whose RSVP for the chosen event is still
// Pending and who has an email address, in one transaction as the person
// asking. Row-level security decides which weddings they may touch; the
// event row's lock makes two reminders for one event (a double click, two
// planners) take turns, so nobody is reminded twice within RECENT_HOURS.

export const RECENT_HOURS = 24;

export type RemindResult = {
  ok: true;
  message: string;
  eventName: string;
  queued: number;
  skippedNoEmail: number;
  skippedRecent: number;
  messageIds: number[];
};

const EVENT_NOT_FOUND = "Choose an event of this wedding.";

type EventRow = ReminderEvent & { status: string };
type Candidate = {
  guestId: number;
  fullName: string;
  email: string | null;
  qrCode: string;
  hasEmail: boolean;
  recent: boolean;
};

export async function remindNonResponders(
  identity: UserIdentity,
  input: TRemindNonResponders,
  origin: string,
  today: string = toIsoDate(new Date()),
): Promise<RemindResult> {
  const { weddingId, eventId } = input;
  return withIdentity(identity, async (tx) => {
    const [event] = await tx.$queryRaw<EventRow[]>`
      SELECT w.wedding_name AS "weddingName", e.name AS "eventName", e.status::text AS status,
             to_char(e.event_date, 'YYYY-MM-DD') AS "eventDate", to_char(e.start_time, 'HH24:MI') AS "startTime",
             to_char(e.end_time, 'HH24:MI') AS "endTime", e.location,
             to_char(w.rsvp_deadline, 'YYYY-MM-DD') AS "rsvpDeadline"
      FROM event e JOIN wedding w ON w.wedding_id = e.wedding_id
      WHERE e.event_id = ${eventId} AND e.wedding_id = ${weddingId}
      FOR NO KEY UPDATE OF e`;
    if (!event) throw new ActionError(EVENT_NOT_FOUND, { eventId: [EVENT_NOT_FOUND] });
    if (event.status === "Cancelled" || event.status === "Completed") {
      const message = `${event.eventName} is ${event.status.toLowerCase()}: there is nobody to remind.`;
      throw new ActionError(message, { eventId: [message] });
    }

    const candidates = await tx.$queryRaw<Candidate[]>`
      SELECT g.guest_id AS "guestId", g.full_name AS "fullName", btrim(g.email) AS email, g.qr_code AS "qrCode",
             coalesce(btrim(g.email) ~ ${EMAIL_PATTERN}, false) AS "hasEmail",
             EXISTS (
               SELECT 1 FROM outbox o
               WHERE o.kind = 'rsvp_reminder' AND o.event_id = r.event_id AND o.guest_id = g.guest_id
                 AND o.status IN ('queued', 'sending', 'sent')
                 AND o.created_at > now() - make_interval(hours => ${RECENT_HOURS})
             ) AS recent
      FROM event_rsvp r JOIN guest g ON g.guest_id = r.guest_id AND g.wedding_id = r.wedding_id
      WHERE r.event_id = ${eventId} AND r.wedding_id = ${weddingId} AND r.status = 'Pending'
      ORDER BY g.guest_id`;

    const toQueue = candidates.filter((guest) => guest.hasEmail && !guest.recent);
    const created = toQueue.length
      ? await tx.outboxMessage.createManyAndReturn({
          data: toQueue.map((guest) => ({
            weddingId,
            guestId: guest.guestId,
            eventId,
            kind: "rsvp_reminder",
            toAddress: guest.email!,
            ...composeReminder(event, guest, origin, today),
            createdBy: identity.userId,
          })),
          select: { id: true },
        })
      : [];

    const skippedNoEmail = candidates.filter((guest) => !guest.hasEmail).length;
    const skippedRecent = candidates.filter((guest) => guest.hasEmail && guest.recent).length;
    return {
      ok: true as const,
      message: summarize(event.eventName, created.length, skippedNoEmail, skippedRecent),
      eventName: event.eventName,
      queued: created.length,
      skippedNoEmail,
      skippedRecent,
      messageIds: created.map((row) => row.id),
    };
  });
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summarize(eventName: string, queued: number, noEmail: number, recent: number): string {
  const parts = [
    queued > 0
      ? `Queued ${plural(queued, "reminder", "reminders")} for ${eventName}.`
      : `No reminders queued for ${eventName}.`,
  ];
  if (noEmail > 0) parts.push(`Skipped ${plural(noEmail, "guest", "guests")} without an email address.`);
  if (recent > 0)
    parts.push(`Skipped ${plural(recent, "guest", "guests")}: reminded recently (in the last ${RECENT_HOURS} hours).`);
  if (queued === 0 && noEmail === 0 && recent === 0) parts.push("Every guest invited to it has answered.");
  return parts.join(" ");
}
