import { describe, expect, it } from "vitest";
import { isRsvpOpen, planHouseholdAnswers, type Invitation, type InvitationEvent } from "./answers";
import { FORM_MISMATCH_MESSAGE, type TRsvpForm } from "./schema";

const token = "AbCdEfGhIjKlMnOpQrStUv-_";

function event(id: number, offersMeal: boolean, guestIds = [1, 2]): InvitationEvent {
  return {
    id,
    name: `Event ${id}`,
    eventType: offersMeal ? "Reception" : "Ceremony",
    date: "2027-06-12",
    startTime: "14:00",
    endTime: "23:00",
    location: null,
    offersMeal,
    answers: guestIds.map((guestId) => ({
      rsvpId: id * 100 + guestId,
      guestId,
      status: "Pending",
      mealChoice: null,
      plusOnes: 0,
      plusOneNames: [],
      respondedAt: null,
    })),
  };
}

const invitation: Invitation = {
  weddingName: "W",
  weddingDate: "2027-06-12",
  rsvpDeadline: "2027-05-01",
  open: true,
  householdName: "H",
  plusOneAllowance: 2,
  guests: [
    { id: 1, fullName: "Ana", dietaryPreference: null },
    { id: 2, fullName: "Ben", dietaryPreference: "Vegan" },
  ],
  events: [event(10, false), event(20, true)],
  lastRespondedAt: null,
};

function form(parts: Partial<TRsvpForm> = {}): TRsvpForm {
  return {
    token,
    consent: null,
    dietary: [],
    answers: [
      { guestId: 1, eventId: 10, status: "Accepted", mealChoice: null, mealGiven: false },
      { guestId: 2, eventId: 10, status: "Accepted", mealChoice: null, mealGiven: false },
      { guestId: 1, eventId: 20, status: "Accepted", mealChoice: "Fish", mealGiven: true },
      { guestId: 2, eventId: 20, status: "Accepted", mealChoice: "Vegan", mealGiven: true },
    ],
    plusOnes: [],
    ...parts,
  };
}

describe("isRsvpOpen", () => {
  const dates = { rsvpDeadline: "2027-05-01", weddingDate: "2027-06-12" };
  it("is open through the whole deadline day in UTC and closed from the next", () => {
    expect(isRsvpOpen(dates, new Date("2027-04-30T12:00:00Z"))).toBe(true);
    expect(isRsvpOpen(dates, new Date("2027-05-01T23:59:59.999Z"))).toBe(true);
    expect(isRsvpOpen(dates, new Date("2027-05-02T00:00:00Z"))).toBe(false);
  });

  it("falls back to the wedding day when there is no deadline", () => {
    const noDeadline = { ...dates, rsvpDeadline: null };
    expect(isRsvpOpen(noDeadline, new Date("2027-06-12T20:00:00Z"))).toBe(true);
    expect(isRsvpOpen(noDeadline, new Date("2027-06-13T00:00:00Z"))).toBe(false);
  });
});

describe("planHouseholdAnswers", () => {
  it("puts the household's plus-ones on the first guest who attends", () => {
    const answers = form().answers.map((a) =>
      a.guestId === 1 && a.eventId === 20 ? { ...a, status: "Declined" as const } : a,
    );
    const plan = planHouseholdAnswers(
      invitation,
      form({ answers, plusOnes: [{ eventId: 20, names: ["Zed", "Yara"] }] }),
    );
    expect(plan.ok && plan.rsvps.filter((r) => r.plusOnes > 0)).toEqual([
      { rsvpId: 2002, status: "Accepted", mealChoice: "Vegan", plusOnes: 2, plusOneNames: ["Zed", "Yara"] },
    ]);
  });

  it("clears the meal and plus-ones of a guest who declines", () => {
    const answers = form().answers.map((a) => ({ ...a, status: "Declined" as const }));
    const plan = planHouseholdAnswers(invitation, form({ answers }));
    expect(plan.ok && plan.rsvps.every((r) => r.mealChoice === null && r.plusOnes === 0)).toBe(true);
  });

  it("refuses plus-ones when nobody in the household attends that event", () => {
    const answers = form().answers.map((a) => (a.eventId === 10 ? { ...a, status: "Declined" as const } : a));
    expect(planHouseholdAnswers(invitation, form({ answers, plusOnes: [{ eventId: 10, names: ["Zed"] }] }))).toEqual({
      ok: false,
      error: "Please correct the highlighted answers.",
      fieldErrors: { "plusOne:10": ["Plus-ones come with someone from your party who attends."] },
    });
  });

  it("refuses any plus-one when the household has no allowance", () => {
    const none = { ...invitation, plusOneAllowance: 0 };
    expect(planHouseholdAnswers(none, form({ plusOnes: [{ eventId: 20, names: ["Zed"] }] }))).toMatchObject({
      ok: false,
      fieldErrors: { "plusOne:20": ["Your invitation does not include plus-ones."] },
    });
  });

  it("counts the allowance per event, not per guest", () => {
    const plan = planHouseholdAnswers(invitation, form({ plusOnes: [{ eventId: 20, names: ["A", "B", "C"] }] }));
    expect(plan).toMatchObject({
      ok: false,
      fieldErrors: { "plusOne:20": ["Your invitation includes up to 2 plus-ones per event."] },
    });
  });

  it("treats a meal for an event without one as a form that does not match", () => {
    const answers = form().answers.map((a) =>
      a.eventId === 10 ? { ...a, mealChoice: "Fish" as const, mealGiven: true } : a,
    );
    expect(planHouseholdAnswers(invitation, form({ answers }))).toEqual({ ok: false, error: FORM_MISMATCH_MESSAGE });
  });

  it("only updates dietary needs that changed", () => {
    const plan = planHouseholdAnswers(
      invitation,
      form({
        dietary: [
          { guestId: 1, dietaryPreference: "Nut allergy" },
          { guestId: 2, dietaryPreference: "Vegan" },
        ],
      }),
    );
    expect(plan.ok && plan.dietary).toEqual([{ guestId: 1, dietaryPreference: "Nut allergy" }]);
  });

  it("answers every invited guest for every event: a guest left out of an event is not asked", () => {
    const partial = { ...invitation, events: [event(10, false, [1])] };
    const plan = planHouseholdAnswers(
      partial,
      form({ answers: [{ guestId: 1, eventId: 10, status: "Declined", mealChoice: null, mealGiven: false }] }),
    );
    expect(plan.ok && plan.rsvps.map((r) => r.rsvpId)).toEqual([1001]);
  });
});
