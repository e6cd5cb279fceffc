import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Queries from "./queries";
import type * as Save from "./save-household-answers";
import type * as WithIdentity from "@/lib/db/with-identity";
import { FORM_MISMATCH_MESSAGE, ZRsvpFormSchema, type TRsvpForm } from "./schema";
import { createRsvpFixture, DEADLINE, snapshotRsvps, type RsvpFixture } from "./test-fixtures";

let db: TestDatabase;
let fx: RsvpFixture;
let getInvitation: typeof Queries.getInvitation;
let saveHouseholdAnswers: typeof Save.saveHouseholdAnswers;
let withIdentity: typeof WithIdentity.withIdentity;
let disconnectApp: () => Promise<void>;

// Inside the reply window, and the first day after it.
const OPEN = new Date(`${DEADLINE}T23:59:59Z`);
const CLOSED = new Date("2027-05-02T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ getInvitation } = await import("./queries"));
  ({ saveHouseholdAnswers } = await import("./save-household-answers"));
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createRsvpFixture(db.prisma);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

const guestOf = (token: string) => ({ kind: "guest" as const, guestToken: token });

/** The Silva household's whole form, as the browser would post it. */
function silvaForm(overrides: Record<string, unknown> = {}): TRsvpForm {
  const { ana, ben } = fx.guests;
  const { ceremony, reception, brunch } = fx.events;
  return ZRsvpFormSchema.parse({
    token: ana.qrCode,
    [`dietary:${ana.id}`]: "",
    [`dietary:${ben.id}`]: "No nuts",
    [`status:${ana.id}:${ceremony.id}`]: "Accepted",
    [`status:${ben.id}:${ceremony.id}`]: "Accepted",
    [`status:${ana.id}:${reception.id}`]: "Accepted",
    [`meal:${ana.id}:${reception.id}`]: "Fish",
    [`status:${ben.id}:${reception.id}`]: "Accepted",
    [`meal:${ben.id}:${reception.id}`]: "Vegan",
    [`status:${ana.id}:${brunch.id}`]: "Declined",
    [`meal:${ana.id}:${brunch.id}`]: "",
    [`status:${ben.id}:${brunch.id}`]: "Declined",
    [`meal:${ben.id}:${brunch.id}`]: "Beef",
    [`plusOne:${reception.id}`]: ["Zed Costa"],
    [`plusOne:${ceremony.id}`]: [""],
    ...overrides,
  });
}

async function rsvpsOf(guestId: number) {
  return db.prisma.eventRsvp.findMany({ where: { guestId }, orderBy: { eventId: "asc" } });
}

describe("getInvitation", () => {
  it("shows the token's household only: its guests and the wedding's live events in date and time order", async () => {
    const invitation = await getInvitation(fx.guests.ana.qrCode, OPEN);
    expect(invitation).toMatchObject({
      weddingName: "Ines & Omar in Lisbon",
      weddingDate: "2027-06-12",
      rsvpDeadline: DEADLINE,
      open: true,
      householdName: "Ana & Ben Silva",
      plusOneAllowance: 1,
      lastRespondedAt: null,
    });
    expect(invitation?.guests.map((g) => g.fullName)).toEqual(["Ana Silva", "Ben Silva"]);
    expect(invitation?.events.map((e) => e.name)).toEqual(["Ceremony", "Reception", "Sunday brunch"]);
    expect(invitation?.events.map((e) => e.offersMeal)).toEqual([false, true, true]);
    for (const event of invitation?.events ?? []) {
      expect(event.answers.map((a) => a.guestId)).toEqual([fx.guests.ana.id, fx.guests.ben.id]);
    }
    const text = JSON.stringify(invitation);
    for (const other of ["Cleo", "Dev Patel", "Kai & Lee", "Boat trip", "Reception B"])
      expect(text).not.toContain(other);
  });

  it("shows the same household to every guest of it, whichever token opens it", async () => {
    const viaAna = await getInvitation(fx.guests.ana.qrCode, OPEN);
    const viaBen = await getInvitation(fx.guests.ben.qrCode, OPEN);
    expect(viaBen).toEqual(viaAna);
    const viaCleo = await getInvitation(fx.guests.cleo.qrCode, OPEN);
    expect(viaCleo?.householdName).toBe("Cleo Moreau");
    expect(viaCleo?.guests.map((g) => g.fullName)).toEqual(["Cleo Moreau"]);
  });

  it("answers null alike for an unknown token and for malformed ones", async () => {
    const unknown = "AAAAAAAAAAAAAAAAAAAAAAAA";
    const malformed = [
      "",
      "' OR 1=1 --",
      `${fx.guests.ana.qrCode.slice(0, 23)}'`,
      `${fx.guests.ana.qrCode}' OR '1'='1`,
      "x".repeat(10_000),
      "😀".repeat(12),
      `${fx.guests.ana.qrCode.slice(0, 22)}😀`,
      fx.guests.ana.qrCode.slice(0, 23),
      `${fx.guests.ana.qrCode}A`,
    ];
    expect(await getInvitation(unknown, OPEN)).toBeNull();
    for (const token of malformed) expect(await getInvitation(token, OPEN)).toBeNull();
  });

  it("is closed the day after the deadline (UTC) and open on the deadline day itself", async () => {
    expect((await getInvitation(fx.guests.ana.qrCode, OPEN))?.open).toBe(true);
    expect((await getInvitation(fx.guests.ana.qrCode, CLOSED))?.open).toBe(false);
  });
});

describe("saveHouseholdAnswers", () => {
  it("refuses after the deadline with a clear message and changes nothing", async () => {
    const before = await snapshotRsvps(db.prisma);
    const result = await saveHouseholdAnswers(silvaForm(), guestOf(fx.guests.ana.qrCode), CLOSED);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Replies closed on 1 May 2027, so these answers can no longer be changed/),
    });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("refuses more plus-ones than the household's allowance with a field error and changes nothing", async () => {
    const before = await snapshotRsvps(db.prisma);
    const form = silvaForm({ [`plusOne:${fx.events.reception.id}`]: ["Zed Costa", "Yara Costa"] });
    const result = await saveHouseholdAnswers(form, guestOf(fx.guests.ana.qrCode), OPEN);
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted answers.",
      fieldErrors: { [`plusOne:${fx.events.reception.id}`]: ["Your invitation includes up to 1 plus-one per event."] },
    });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("asks for every guest's answer and a meal from each guest who attends a meal", async () => {
    const before = await snapshotRsvps(db.prisma);
    const { ana, ben } = fx.guests;
    const { reception, brunch } = fx.events;
    const form = silvaForm({ [`meal:${ben.id}:${reception.id}`]: "" });
    form.answers = form.answers.filter((a) => !(a.guestId === ana.id && a.eventId === brunch.id));
    const result = await saveHouseholdAnswers(form, guestOf(ana.qrCode), OPEN);
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted answers.",
      fieldErrors: {
        [`status:${ana.id}:${brunch.id}`]: ["Choose whether Ana Silva will attend."],
        [`meal:${ben.id}:${reception.id}`]: ["Choose a meal for Ben Silva."],
      },
    });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("refuses a token from wedding A with forged ids from wedding B, and changes nothing", async () => {
    const before = await snapshotRsvps(db.prisma);
    const { ana, dev, cleo } = fx.guests;
    const forgeries: Record<string, unknown>[] = [
      { [`status:${dev.id}:${fx.events.receptionB.id}`]: "Declined" },
      { [`meal:${dev.id}:${fx.events.receptionB.id}`]: "Fish" },
      { [`dietary:${dev.id}`]: "Forged" },
      { [`status:${cleo.id}:${fx.events.ceremony.id}`]: "Declined" },
      { [`dietary:${cleo.id}`]: "Forged" },
      { [`status:${ana.id}:${fx.events.cancelled.id}`]: "Accepted" },
      { [`plusOne:${fx.events.receptionB.id}`]: ["Forged"] },
    ];
    for (const forged of forgeries) {
      const result = await saveHouseholdAnswers(silvaForm(forged), guestOf(ana.qrCode), OPEN);
      expect(result).toEqual({ ok: false, error: FORM_MISMATCH_MESSAGE });
    }
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("is also held back by row-level security: a guest's transaction cannot see or change other households", async () => {
    const before = await snapshotRsvps(db.prisma);
    const devRsvp = await db.prisma.eventRsvp.findFirstOrThrow({ where: { guestId: fx.guests.dev.id } });
    const cleoRsvp = await db.prisma.eventRsvp.findFirstOrThrow({ where: { guestId: fx.guests.cleo.id } });
    const outcome = await withIdentity(guestOf(fx.guests.ana.qrCode), async (tx) => ({
      seen: await tx.eventRsvp.findMany({ where: { id: { in: [devRsvp.id, cleoRsvp.id] } } }),
      rsvps: await tx.eventRsvp.updateMany({
        where: { id: { in: [devRsvp.id, cleoRsvp.id] } },
        data: { status: "Declined" },
      }),
      guests: await tx.guest.updateMany({
        where: { id: { in: [fx.guests.dev.id, fx.guests.cleo.id] } },
        data: { dietaryPreference: "Forged" },
      }),
      weddings: await tx.wedding.findMany({ select: { id: true } }),
    }));
    expect(outcome).toEqual({
      seen: [],
      rsvps: { count: 0 },
      guests: { count: 0 },
      weddings: [{ id: fx.weddingA.id }],
    });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("rolls back every row when a later write fails", async () => {
    const before = await snapshotRsvps(db.prisma);
    // Ben's Reception row is written after Ana's Ceremony row; make only it fail.
    await db.pool.query(
      `ALTER TABLE event_rsvp ADD CONSTRAINT test_no_vegan CHECK (meal_choice IS DISTINCT FROM 'Vegan') NOT VALID`,
    );
    try {
      await expect(saveHouseholdAnswers(silvaForm(), guestOf(fx.guests.ana.qrCode), OPEN)).rejects.toThrow(
        /test_no_vegan/,
      );
    } finally {
      await db.pool.query(`ALTER TABLE event_rsvp DROP CONSTRAINT test_no_vegan`);
    }
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("saves the whole household in one go, touches no other household, and audits it as the guest", async () => {
    const { ana, ben, cleo, dev } = fx.guests;
    const { ceremony, reception, brunch, cancelled } = fx.events;
    const othersBefore = JSON.stringify([await rsvpsOf(cleo.id), await rsvpsOf(dev.id)]);
    const cancelledBefore = await db.prisma.eventRsvp.findMany({ where: { eventId: cancelled.id } });

    const result = await saveHouseholdAnswers(silvaForm(), guestOf(ana.qrCode), OPEN);
    expect(result).toEqual({ ok: true, savedAt: OPEN.toISOString() });

    const rows = await db.prisma.eventRsvp.findMany({
      where: { guestId: { in: [ana.id, ben.id] }, eventId: { in: [ceremony.id, reception.id, brunch.id] } },
      select: {
        guestId: true,
        eventId: true,
        status: true,
        mealChoice: true,
        plusOnes: true,
        plusOneNames: true,
        respondedAt: true,
      },
      orderBy: [{ guestId: "asc" }, { eventId: "asc" }],
    });
    const expected = [
      {
        guestId: ana.id,
        eventId: reception.id,
        status: "Accepted",
        mealChoice: "Fish",
        plusOnes: 1,
        plusOneNames: ["Zed Costa"],
      },
      { guestId: ana.id, eventId: brunch.id, status: "Declined", mealChoice: null, plusOnes: 0, plusOneNames: [] },
      { guestId: ana.id, eventId: ceremony.id, status: "Accepted", mealChoice: null, plusOnes: 0, plusOneNames: [] },
      {
        guestId: ben.id,
        eventId: reception.id,
        status: "Accepted",
        mealChoice: "Vegan",
        plusOnes: 0,
        plusOneNames: [],
      },
      // A guest who declines brings no meal choice, whatever the form said.
      { guestId: ben.id, eventId: brunch.id, status: "Declined", mealChoice: null, plusOnes: 0, plusOneNames: [] },
      { guestId: ben.id, eventId: ceremony.id, status: "Accepted", mealChoice: null, plusOnes: 0, plusOneNames: [] },
    ].sort((a, b) => a.guestId - b.guestId || a.eventId - b.eventId);
    expect(rows).toEqual(expected.map((row) => ({ ...row, respondedAt: OPEN })));
    expect(await db.prisma.guest.findUniqueOrThrow({ where: { id: ben.id } })).toMatchObject({
      dietaryPreference: "No nuts",
    });

    expect(JSON.stringify([await rsvpsOf(cleo.id), await rsvpsOf(dev.id)])).toBe(othersBefore);
    expect(await db.prisma.eventRsvp.findMany({ where: { eventId: cancelled.id } })).toEqual(cancelledBefore);

    const invitation = await getInvitation(ben.qrCode, OPEN);
    expect(invitation?.lastRespondedAt).toBe(OPEN.toISOString());
    expect(invitation?.guests.find((g) => g.id === ben.id)?.dietaryPreference).toBe("No nuts");

    const audit = await db.pool.query<{
      table_name: string;
      record_id: string;
      changed_by: string;
      new_values: unknown;
    }>(
      `SELECT table_name, record_id::text, changed_by, new_values FROM audit_log
        WHERE operation = 'UPDATE' AND table_name IN ('event_rsvp', 'guest') ORDER BY log_id`,
    );
    const rsvpIds = (
      await db.prisma.eventRsvp.findMany({
        where: { guestId: { in: [ana.id, ben.id] }, eventId: { not: cancelled.id } },
        select: { id: true },
      })
    ).map((r) => String(r.id));
    expect(
      audit.rows
        .filter((r) => r.table_name === "event_rsvp")
        .map((r) => r.record_id)
        .sort(),
    ).toEqual(rsvpIds.sort());
    expect(audit.rows.map((r) => r.changed_by)).toEqual(audit.rows.map(() => `guest:${ana.id}`));
    expect(audit.rows.find((r) => r.table_name === "guest")).toMatchObject({
      record_id: String(ben.id),
      new_values: expect.objectContaining({ dietary_preference: "No nuts" }),
    });
  });

  it("lets the household change its answers again before the deadline", async () => {
    const { ana, ben } = fx.guests;
    const { reception } = fx.events;
    const later = new Date(`${DEADLINE}T10:00:00Z`);
    const form = silvaForm({
      token: ben.qrCode,
      [`status:${ana.id}:${reception.id}`]: "Declined",
      [`plusOne:${reception.id}`]: ["Zed Costa"],
    });
    // Ana declines: the household's plus-one moves to Ben, who still attends.
    expect(await saveHouseholdAnswers(form, guestOf(ben.qrCode), later)).toEqual({
      ok: true,
      savedAt: later.toISOString(),
    });
    const rows = await db.prisma.eventRsvp.findMany({
      where: { eventId: reception.id, guestId: { in: [ana.id, ben.id] } },
      orderBy: { guestId: "asc" },
    });
    expect(rows.map((r) => [r.status, r.mealChoice, r.plusOneNames])).toEqual([
      ["Declined", null, []],
      ["Accepted", "Vegan", ["Zed Costa"]],
    ]);
  });

  it("refuses a form whose token is not the one the action runs as", async () => {
    const before = await snapshotRsvps(db.prisma);
    const result = await saveHouseholdAnswers(silvaForm(), guestOf(fx.guests.cleo.qrCode), OPEN);
    expect(result).toEqual({ ok: false, error: "This invitation link is not valid." });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });

  it("refuses an unknown token", async () => {
    const before = await snapshotRsvps(db.prisma);
    const token = "B".repeat(24);
    const result = await saveHouseholdAnswers({ ...silvaForm(), token }, guestOf(token), OPEN);
    expect(result).toEqual({ ok: false, error: "This invitation link is not valid." });
    expect(await snapshotRsvps(db.prisma)).toEqual(before);
  });
});
