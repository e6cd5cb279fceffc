import type { EventType, RsvpStatus } from "@/lib/generated/prisma/enums";
import { FORM_MISMATCH_MESSAGE, type TMealChoice, type TRsvpForm } from "./schema";

// A household's invitation as the guest sees it, and the rules for answering
// it. Pure: the database reads live in queries.ts, the write in
// save-household-answers.ts.

export type InvitationAnswer = {
  rsvpId: number;
  guestId: number;
  status: RsvpStatus;
  mealChoice: string | null;
  plusOnes: number;
  plusOneNames: string[];
  /** ISO timestamp, or null while unanswered. */
  respondedAt: string | null;
};

export type InvitationEvent = {
  id: number;
  name: string;
  eventType: EventType;
  /** "YYYY-MM-DD". */
  date: string;
  /** "HH:MM". */
  startTime: string;
  endTime: string;
  location: string | null;
  offersMeal: boolean;
  /** One per household guest invited to this event, in guest order. */
  answers: InvitationAnswer[];
};

export type InvitationGuest = { id: number; fullName: string; dietaryPreference: string | null };

export type Invitation = {
  weddingName: string;
  /** "YYYY-MM-DD". */
  weddingDate: string;
  /** "YYYY-MM-DD", the last day answers may change; null when the planner set none. */
  rsvpDeadline: string | null;
  /** Whether answers may still change today. */
  open: boolean;
  householdName: string;
  plusOneAllowance: number;
  guests: InvitationGuest[];
  events: InvitationEvent[];
  lastRespondedAt: string | null;
};

/** Events where the caterer needs a meal choice. */
export const MEAL_EVENT_TYPES: readonly EventType[] = ["Reception", "Rehearsal", "Dinner", "Brunch"];

/** Answers may change up to and including the deadline day (UTC); without one, up to the wedding day. */
export function isRsvpOpen(dates: { rsvpDeadline: string | null; weddingDate: string }, now: Date): boolean {
  const today = now.toISOString().slice(0, 10);
  return today <= (dates.rsvpDeadline ?? dates.weddingDate);
}

export type RsvpUpdate = {
  rsvpId: number;
  status: "Accepted" | "Declined";
  mealChoice: TMealChoice | null;
  plusOnes: number;
  plusOneNames: string[];
};

export type AnswerPlan =
  | { ok: true; rsvps: RsvpUpdate[]; dietary: { guestId: number; dietaryPreference: string | null }[] }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Checks a submitted form against the invitation and turns it into row
 * updates. Every id in the form must belong to the invitation, every invited
 * guest must accept or decline every event, and the household brings at most
 * its allowance of plus-ones to each event.
 */
export function planHouseholdAnswers(invitation: Invitation, form: TRsvpForm): AnswerPlan {
  const guests = new Map(invitation.guests.map((guest) => [guest.id, guest]));
  const events = new Map(invitation.events.map((event) => [event.id, event]));
  const rows = new Set(invitation.events.flatMap((event) => event.answers.map((a) => `${a.guestId}:${event.id}`)));

  const matches =
    form.dietary.every((d) => guests.has(d.guestId)) &&
    form.answers.every(
      (a) => rows.has(`${a.guestId}:${a.eventId}`) && (!a.mealGiven || events.get(a.eventId)?.offersMeal),
    ) &&
    form.plusOnes.every((p) => events.has(p.eventId));
  if (!matches) return { ok: false, error: FORM_MISMATCH_MESSAGE };

  const given = new Map(form.answers.map((a) => [`${a.guestId}:${a.eventId}`, a]));
  const plusOneNames = new Map(form.plusOnes.map((p) => [p.eventId, p.names]));
  const fieldErrors: Record<string, string[]> = {};
  const rsvps: RsvpUpdate[] = [];

  for (const event of invitation.events) {
    let bringer: RsvpUpdate | undefined;
    for (const row of event.answers) {
      const name = guests.get(row.guestId)?.fullName ?? "this guest";
      const answer = given.get(`${row.guestId}:${event.id}`);
      if (!answer?.status) {
        fieldErrors[`status:${row.guestId}:${event.id}`] = [`Choose whether ${name} will attend.`];
        continue;
      }
      const accepted = answer.status === "Accepted";
      if (accepted && event.offersMeal && !answer.mealChoice) {
        fieldErrors[`meal:${row.guestId}:${event.id}`] = [`Choose a meal for ${name}.`];
      }
      const update: RsvpUpdate = {
        rsvpId: row.rsvpId,
        status: answer.status,
        mealChoice: accepted && event.offersMeal ? answer.mealChoice : null,
        plusOnes: 0,
        plusOneNames: [],
      };
      if (accepted) bringer ??= update;
      rsvps.push(update);
    }

    const names = plusOneNames.get(event.id) ?? [];
    if (names.length === 0) continue;
    const allowance = invitation.plusOneAllowance;
    if (names.length > allowance) {
      fieldErrors[`plusOne:${event.id}`] = [
        allowance === 0
          ? "Your invitation does not include plus-ones."
          : `Your invitation includes up to ${allowance} plus-one${allowance === 1 ? "" : "s"} per event.`,
      ];
    } else if (!bringer) {
      fieldErrors[`plusOne:${event.id}`] = ["Plus-ones come with someone from your party who attends."];
    } else {
      // The household's plus-ones ride on the first attending guest's row.
      bringer.plusOnes = names.length;
      bringer.plusOneNames = names;
    }
  }

  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, error: "Please correct the highlighted answers.", fieldErrors };
  }
  const dietary = form.dietary.filter((d) => guests.get(d.guestId)?.dietaryPreference !== d.dietaryPreference);
  return { ok: true, rsvps, dietary };
}
