import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import type { EventStatus } from "@/lib/generated/prisma/enums";
import type { TCreateEvent, TEventStatusChange, TUpdateEvent } from "./schema";

// Creating, editing, cancelling and reinstating a wedding's events. Each is one
// transaction as the person (row-level security, audit trigger). Edits lock the
// row and compare the version the form was opened with, so nobody overwrites a
// change they have not seen. Cancelling keeps the event, its RSVPs and its
// expenses; reinstating brings it back as Scheduled.

type Result = ActionResult<{ message: string }>;

export const WEDDING_NOT_FOUND = "This wedding does not exist, or it is not yours to change.";
export const EVENT_GONE = "This event does not exist any more. Reload the page.";
export const EVENT_CONFLICT =
  "This event was changed by someone else since you opened it. Reload to see their changes.";
export const EVENT_CANCELLED = "This event is cancelled. Reinstate it before you edit it.";

/** A DATE column's value for "YYYY-MM-DD" and a TIME column's for "HH:MM:SS" (Prisma maps both to Date). */
const day = (value: string) => new Date(`${value}T00:00:00Z`);
const time = (value: string) => new Date(`1970-01-01T${value}Z`);

function eventData(input: TCreateEvent) {
  return {
    name: input.name,
    eventType: input.eventType,
    region: input.region,
    eventDate: day(input.eventDate),
    startTime: time(input.startTime),
    endTime: time(input.endTime),
    location: input.location ?? null,
    notes: input.notes ?? null,
  };
}

async function lockEvent(tx: Tx, weddingId: number, eventId: number, version: string) {
  const [row] = await tx.$queryRaw<{ name: string; status: EventStatus; current: boolean }[]>`
    SELECT name, status::text AS status, updated_at = ${version}::timestamptz AS current
    FROM event WHERE event_id = ${eventId} AND wedding_id = ${weddingId} FOR UPDATE`;
  if (!row) throw new ActionError(EVENT_GONE);
  if (!row.current) throw new ActionError(EVENT_CONFLICT);
  return row;
}

export async function createEvent(identity: UserIdentity, input: TCreateEvent): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({ where: { id: input.weddingId }, select: { id: true } });
    if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
    await tx.event.create({ data: { ...eventData(input), weddingId: input.weddingId }, select: { id: true } });
    return { ok: true as const, message: `Added the event “${input.name}”.` };
  });
}

export async function updateEvent(identity: UserIdentity, input: TUpdateEvent): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const event = await lockEvent(tx, input.weddingId, input.eventId, input.version);
    if (event.status === "Cancelled") throw new ActionError(EVENT_CANCELLED);
    await tx.event.update({
      where: { id: input.eventId },
      data: { ...eventData(input), status: input.status },
      select: { id: true },
    });
    return { ok: true as const, message: `Saved the event “${input.name}”.` };
  });
}

export async function cancelEvent(identity: UserIdentity, input: TEventStatusChange): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const event = await lockEvent(tx, input.weddingId, input.eventId, input.version);
    if (event.status === "Cancelled") throw new ActionError(`“${event.name}” is already cancelled.`);
    await tx.event.update({ where: { id: input.eventId }, data: { status: "Cancelled" }, select: { id: true } });
    return {
      ok: true as const,
      message: `Cancelled “${event.name}”. It leaves the timeline and the calendar feed; reinstate it to undo.`,
    };
  });
}

export async function reinstateEvent(identity: UserIdentity, input: TEventStatusChange): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const event = await lockEvent(tx, input.weddingId, input.eventId, input.version);
    if (event.status !== "Cancelled") throw new ActionError(`“${event.name}” is not cancelled.`);
    await tx.event.update({ where: { id: input.eventId }, data: { status: "Scheduled" }, select: { id: true } });
    return { ok: true as const, message: `Reinstated “${event.name}” as Scheduled.` };
  });
}
