import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { MEAL_EVENT_TYPES } from "@/lib/rsvp/answers";
import { assertWithinAllowance, beginGuestListWrite, requireWedding } from "./checks";
import type { TBulkRsvp, TSetRsvp } from "./schema";
import { lockAtVersion } from "./versions";

// Who is invited to which event (one event_rsvp row per guest and event), and
// a planner answering for a guest, e.g. after a phone call. The audit trigger
// records the planner as the actor (changed_by 'user:<id>').

type Result = ActionResult<{ message: string }>;

export const EVENT_NOT_FOUND = "This event was not found in this wedding. Nothing was changed.";
export const GUESTS_NOT_FOUND =
  "Some of the selected guests were not found in this wedding (they may have been deleted). Nothing was changed. Reload and select again.";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function requireEvent(tx: Tx, weddingId: number, eventId: number) {
  const event = await tx.event.findFirst({ where: { id: eventId, weddingId }, select: { name: true, status: true } });
  if (!event) throw new ActionError(EVENT_NOT_FOUND, { eventId: [EVENT_NOT_FOUND] });
  return event;
}

async function requireGuests(tx: Tx, weddingId: number, guestIds: number[]): Promise<number[]> {
  const ids = [...new Set(guestIds)];
  const found = await tx.guest.count({ where: { id: { in: ids }, weddingId } });
  if (found !== ids.length) throw new ActionError(GUESTS_NOT_FOUND);
  return ids;
}

/** Invites the guests to the event as Pending; an invitation that exists stays as it is (answers included). */
export async function inviteGuests(identity: UserIdentity, input: TBulkRsvp): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await requireWedding(tx, input.weddingId);
    const event = await requireEvent(tx, input.weddingId, input.eventId);
    if (event.status === "Cancelled") {
      const message = `${event.name} is cancelled: nobody can be invited to it.`;
      throw new ActionError(message, { eventId: [message] });
    }
    const ids = await requireGuests(tx, input.weddingId, input.guestIds);
    // INSERT ... ON CONFLICT DO NOTHING on (event_id, guest_id).
    const { count } = await tx.eventRsvp.createMany({
      data: ids.map((guestId) => ({ weddingId: input.weddingId, eventId: input.eventId, guestId })),
      skipDuplicates: true,
    });
    const already = ids.length - count;
    return {
      ok: true as const,
      message:
        `Invited ${plural(count, "guest")} to ${event.name}.` +
        (already > 0 ? ` ${plural(already, "guest was", "guests were")} already invited and kept their answers.` : ""),
    };
  });
}

/** Takes the guests off the event's list: their RSVP rows for it are deleted. */
export async function removeGuestsFromEvent(identity: UserIdentity, input: TBulkRsvp): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await requireWedding(tx, input.weddingId);
    const event = await requireEvent(tx, input.weddingId, input.eventId);
    const ids = await requireGuests(tx, input.weddingId, input.guestIds);
    const { count } = await tx.eventRsvp.deleteMany({
      where: { weddingId: input.weddingId, eventId: input.eventId, guestId: { in: ids } },
    });
    const skipped = ids.length - count;
    return {
      ok: true as const,
      message:
        `Removed ${plural(count, "guest")} from ${event.name}.` +
        (skipped > 0 ? ` ${plural(skipped, "guest was", "guests were")} not invited to it.` : ""),
    };
  });
}

/** A planner records a guest's answer for one event, at the version the form was opened with. */
export async function setGuestRsvp(identity: UserIdentity, input: TSetRsvp, now = new Date()): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await lockAtVersion(tx, "event_rsvp", input.rsvpId, input.weddingId, input.version);
    const rsvp = await tx.eventRsvp.findUniqueOrThrow({
      where: { id: input.rsvpId },
      select: {
        guest: { select: { fullName: true, householdId: true } },
        event: { select: { name: true, eventType: true, status: true } },
      },
    });
    if (rsvp.event.status === "Cancelled") {
      throw new ActionError(`${rsvp.event.name} is cancelled: its answers can no longer change.`);
    }
    if (input.mealChoice && !MEAL_EVENT_TYPES.includes(rsvp.event.eventType)) {
      const message = `${rsvp.event.name} serves no meal to choose.`;
      throw new ActionError(message, { mealChoice: [message] });
    }
    const accepted = input.status === "Accepted";
    await tx.eventRsvp.update({
      where: { id: input.rsvpId },
      data: {
        status: input.status,
        mealChoice: accepted && input.mealChoice ? input.mealChoice : null,
        plusOnes: accepted ? input.plusOnes : 0,
        plusOneNames: accepted ? input.plusOneNames : [],
        respondedAt: input.status === "Pending" ? null : now,
      },
    });
    // The household's plus-ones for one event, summed over its guests, stay within its allowance.
    await assertWithinAllowance(tx, [rsvp.guest.householdId], "plusOnes");
    return {
      ok: true as const,
      message: `Saved ${rsvp.guest.fullName}'s answer for ${rsvp.event.name}: ${input.status}.`,
    };
  });
}
