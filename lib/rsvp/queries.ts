import "server-only";
import { readOwnConsents } from "@/lib/consent/queries";
import type { ConsentState } from "@/lib/consent/texts";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import { isRsvpOpen, MEAL_EVENT_TYPES, type Invitation, type InvitationEvent } from "./answers";
import { ZRsvpTokenSchema } from "./schema";

/**
 * The household invitation behind a guest's token, or null for a token nobody
 * holds. Row-level security decides what the token may see: only its own
 * wedding, events, household, guests and RSVPs. A malformed token never
 * reaches the database and gets the same null as an unknown one.
 */
export async function getInvitation(
  token: string,
  now = new Date(),
): Promise<(Invitation & { consents: ConsentState }) | null> {
  if (!ZRsvpTokenSchema.safeParse(token).success) return null;
  return withIdentity({ kind: "guest", guestToken: token }, async (tx) => {
    const invitation = await readInvitation(tx, token, now);
    return invitation ? { ...invitation, consents: await readOwnConsents(tx) } : null;
  });
}

function toTime(value: Date): string {
  return value.toISOString().slice(11, 16);
}

/** The invitation inside a transaction that already carries the guest's identity. */
export async function readInvitation(tx: Tx, token: string, now: Date): Promise<Invitation | null> {
  const self = await tx.guest.findUnique({ where: { qrCode: token }, select: { householdId: true } });
  if (!self) return null;
  const household = await tx.household.findUnique({
    where: { id: self.householdId },
    select: {
      name: true,
      weddingId: true,
      plusOneAllowance: true,
      wedding: { select: { name: true, weddingDate: true, rsvpDeadline: true } },
      guests: {
        select: {
          id: true,
          fullName: true,
          dietaryPreference: true,
          rsvps: {
            select: {
              id: true,
              eventId: true,
              status: true,
              mealChoice: true,
              plusOnes: true,
              plusOneNames: true,
              respondedAt: true,
            },
          },
        },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!household) return null;
  const events = await tx.event.findMany({
    where: { weddingId: household.weddingId, status: { not: "Cancelled" } },
    select: { id: true, name: true, eventType: true, eventDate: true, startTime: true, endTime: true, location: true },
    orderBy: [{ eventDate: "asc" }, { startTime: "asc" }, { id: "asc" }],
  });

  // A guest is invited to the events they have an RSVP row for; events nobody
  // in the household is invited to stay off their page.
  const invitationEvents: InvitationEvent[] = events.flatMap((event) => {
    const answers = household.guests.flatMap((guest) =>
      guest.rsvps
        .filter((rsvp) => rsvp.eventId === event.id)
        .map((rsvp) => ({
          rsvpId: rsvp.id,
          guestId: guest.id,
          status: rsvp.status,
          mealChoice: rsvp.mealChoice,
          plusOnes: rsvp.plusOnes,
          plusOneNames: rsvp.plusOneNames,
          respondedAt: rsvp.respondedAt?.toISOString() ?? null,
        })),
    );
    if (answers.length === 0) return [];
    return [
      {
        id: event.id,
        name: event.name,
        eventType: event.eventType,
        date: toIsoDate(event.eventDate),
        startTime: toTime(event.startTime),
        endTime: toTime(event.endTime),
        location: event.location,
        offersMeal: MEAL_EVENT_TYPES.includes(event.eventType),
        answers,
      },
    ];
  });

  const weddingDate = toIsoDate(household.wedding.weddingDate);
  const rsvpDeadline = household.wedding.rsvpDeadline ? toIsoDate(household.wedding.rsvpDeadline) : null;
  const replies = invitationEvents.flatMap((e) => e.answers.flatMap((a) => (a.respondedAt ? [a.respondedAt] : [])));
  return {
    weddingName: household.wedding.name,
    weddingDate,
    rsvpDeadline,
    open: isRsvpOpen({ rsvpDeadline, weddingDate }, now),
    householdName: household.name,
    plusOneAllowance: household.plusOneAllowance,
    guests: household.guests.map((guest) => ({
      id: guest.id,
      fullName: guest.fullName,
      dietaryPreference: guest.dietaryPreference,
    })),
    events: invitationEvents,
    lastRespondedAt: replies.sort().at(-1) ?? null,
  };
}
