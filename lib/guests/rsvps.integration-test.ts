import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/db/with-identity";
import { verifyAuditChain } from "@/lib/audit/verify";
import {
  actions,
  addGuest,
  addHousehold,
  db,
  eventOf,
  form,
  mine,
  notFound,
  one,
  otherWeddingId,
  planner,
  RSVP_CONFLICT,
  setupGuestTestbed,
  snapshot,
  version,
  WEDDING_NOT_FOUND,
  weddingId,
} from "./test-harness";

// A planner records a guest's RSVP (an answer given by phone).
// Called as the browser calls them (FormData in, plain result out), against a
// real database as the app role. Only who is signed in is stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

setupGuestTestbed();

beforeEach(() => {
  session.identity = planner(mine);
  revalidatePath.mockClear();
});

describe("a planner records an RSVP", () => {
  async function invited(allowance = 1) {
    const household = await addHousehold(allowance);
    const guest = await addGuest(household);
    const event = await eventOf(weddingId, ["Reception"]);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(guest)] }));
    const { rsvp_id } = await one<{ rsvp_id: number }>(
      "SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1 AND event_id = $2",
      [guest, event.event_id],
    );
    return { household, guest, event, rsvpId: rsvp_id };
  }

  it("saves an answer given by phone, recorded in the audit trail as the planner's", async () => {
    const { rsvpId, event } = await invited(2);
    const result = await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId,
        version: await version("event_rsvp", "rsvp_id", rsvpId),
        status: "Accepted",
        mealChoice: "Vegetarian",
        plusOnes: "2",
        plusOneNames: "Mila Stone\r\n\r\n",
      }),
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining(`for ${event.name}: Accepted`) });
    const row = await one<{ status: string; responded_at: Date | null }>(
      "SELECT status, meal_choice, plus_ones, plus_one_names, responded_at FROM event_rsvp WHERE rsvp_id = $1",
      [rsvpId],
    );
    expect(row).toMatchObject({
      status: "Accepted",
      meal_choice: "Vegetarian",
      plus_ones: 2,
      plus_one_names: ["Mila Stone"],
    });
    expect(row.responded_at).not.toBeNull();
    const audit = await one<{ changed_by: string; new_values: Record<string, unknown> }>(
      `SELECT changed_by, new_values FROM audit_log WHERE table_name = 'event_rsvp' AND record_id = $1 AND operation = 'UPDATE'
       ORDER BY log_id DESC LIMIT 1`,
      [rsvpId],
    );
    expect(audit.changed_by).toBe(`user:${mine.userId}`);
    expect(audit.new_values).toMatchObject({ status: "Accepted", meal_choice: "Vegetarian", plus_ones: 2 });
    const client = await db.pool.connect();
    try {
      expect(await verifyAuditChain(client)).toMatchObject({ ok: true });
    } finally {
      client.release();
    }
  });

  it("sets a guest back to Pending, clearing the meal, the plus-ones and the reply time", async () => {
    const { rsvpId } = await invited();
    await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId,
        version: await version("event_rsvp", "rsvp_id", rsvpId),
        status: "Accepted",
        mealChoice: "Fish",
        plusOnes: "1",
      }),
    );
    const result = await actions.setGuestRsvpAction(
      null,
      form({ weddingId, rsvpId, version: await version("event_rsvp", "rsvp_id", rsvpId), status: "Pending" }),
    );
    expect(result.ok).toBe(true);
    expect(
      await one("SELECT status, meal_choice, plus_ones, responded_at FROM event_rsvp WHERE rsvp_id = $1", [rsvpId]),
    ).toEqual({
      status: "Pending",
      meal_choice: null,
      plus_ones: 0,
      responded_at: null,
    });
  });

  it("refuses a stale version: the other answer stands", async () => {
    const { rsvpId } = await invited();
    const opened = await version("event_rsvp", "rsvp_id", rsvpId);
    await actions.setGuestRsvpAction(null, form({ weddingId, rsvpId, version: opened, status: "Declined" }));
    const before = await snapshot();
    const stale = await actions.setGuestRsvpAction(
      null,
      form({ weddingId, rsvpId, version: opened, status: "Accepted", mealChoice: "Beef" }),
    );
    expect(stale).toEqual({ ok: false, error: RSVP_CONFLICT });
    expect(await snapshot()).toEqual(before);
  });

  it("lets exactly one of two simultaneous saves at the same version through", async () => {
    const { rsvpId } = await invited();
    const opened = await version("event_rsvp", "rsvp_id", rsvpId);
    const results = await Promise.all(
      (["Accepted", "Declined"] as const).map((status) =>
        actions.setGuestRsvpAction(null, form({ weddingId, rsvpId, version: opened, status })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: RSVP_CONFLICT }]);
    const winner = results[0]!.ok ? "Accepted" : "Declined";
    expect((await one<{ status: string }>("SELECT status FROM event_rsvp WHERE rsvp_id = $1", [rsvpId])).status).toBe(
      winner,
    );
  });

  it("refuses plus-ones beyond the household's allowance, counting the household's other guests", async () => {
    const { rsvpId, household, event } = await invited(2);
    const sibling = await addGuest(household);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(sibling)] }));
    const siblingRsvp = await one<{ rsvp_id: number }>(
      "SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1 AND event_id = $2",
      [sibling, event.event_id],
    );
    expect(
      (
        await actions.setGuestRsvpAction(
          null,
          form({
            weddingId,
            rsvpId: siblingRsvp.rsvp_id,
            version: await version("event_rsvp", "rsvp_id", siblingRsvp.rsvp_id),
            status: "Accepted",
            plusOnes: "1",
          }),
        )
      ).ok,
    ).toBe(true);
    const before = await snapshot();
    const result = await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId,
        version: await version("event_rsvp", "rsvp_id", rsvpId),
        status: "Accepted",
        plusOnes: "2",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { plusOnes: [expect.stringMatching(/would bring 3 plus-ones to .*allowance of 2/)] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["an unknown status", { status: "Maybe" }, "status", "Choose pending, accepted or declined."],
    [
      "a meal off the menu",
      { status: "Accepted", mealChoice: "Lobster" },
      "mealChoice",
      "Choose a meal from the menu.",
    ],
    [
      "a meal without accepting",
      { status: "Declined", mealChoice: "Fish" },
      "mealChoice",
      "Only a guest who accepts chooses a meal.",
    ],
    [
      "plus-ones without accepting",
      { status: "Pending", plusOnes: "1" },
      "plusOnes",
      "Only a guest who accepts brings plus-ones.",
    ],
    ["negative plus-ones", { status: "Accepted", plusOnes: "-1" }, "plusOnes", "Enter a whole number from 0 to 20."],
    [
      "more names than plus-ones",
      { status: "Accepted", plusOnes: "1", plusOneNames: "A\nB" },
      "plusOneNames",
      "There are more names (2) than plus-ones (1).",
    ],
    [
      "a 10 000 character name",
      { status: "Accepted", plusOnes: "1", plusOneNames: "n".repeat(10_000) },
      "plusOneNames",
      "Plus-one names have at most 2000 characters.",
    ],
  ])("refuses %s", async (_label, fields, field, message) => {
    const { rsvpId } = await invited();
    const before = await snapshot();
    const result = await actions.setGuestRsvpAction(
      null,
      form({ weddingId, rsvpId, version: await version("event_rsvp", "rsvp_id", rsvpId), ...fields }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [message] } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a meal at an event that serves none", async () => {
    const household = await addHousehold();
    const guest = await addGuest(household);
    const ceremony = await eventOf(weddingId, ["Ceremony"]);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: ceremony.event_id, guestIds: [String(guest)] }));
    const { rsvp_id } = await one<{ rsvp_id: number }>("SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1", [guest]);
    const result = await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId: rsvp_id,
        version: await version("event_rsvp", "rsvp_id", rsvp_id),
        status: "Accepted",
        mealChoice: "Fish",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { mealChoice: [`${ceremony.name} serves no meal to choose.`] },
    });
  });

  it("says not found for another planner's RSVP", async () => {
    const theirs = await one<{ rsvp_id: number }>("SELECT rsvp_id FROM event_rsvp WHERE wedding_id = $1 LIMIT 1", [
      otherWeddingId,
    ]);
    const v = await version("event_rsvp", "rsvp_id", theirs.rsvp_id);
    const before = await snapshot();
    expect(
      await actions.setGuestRsvpAction(
        null,
        form({ weddingId, rsvpId: theirs.rsvp_id, version: v, status: "Declined" }),
      ),
    ).toEqual({ ok: false, error: notFound("RSVP") });
    expect(
      await actions.setGuestRsvpAction(
        null,
        form({ weddingId: otherWeddingId, rsvpId: theirs.rsvp_id, version: v, status: "Declined" }),
      ),
    ).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
  });

  it("lets an admin record an answer for any wedding", async () => {
    const theirs = await one<{ rsvp_id: number }>(
      "SELECT r.rsvp_id FROM event_rsvp r JOIN event e USING (event_id) WHERE r.wedding_id = $1 AND e.status <> 'Cancelled' LIMIT 1",
      [otherWeddingId],
    );
    const adminId = (await one<{ user_id: number }>("SELECT user_id FROM users WHERE role = 'admin' LIMIT 1")).user_id;
    session.identity = { kind: "user", userId: adminId, role: "admin" };
    const result = await actions.setGuestRsvpAction(
      null,
      form({
        weddingId: otherWeddingId,
        rsvpId: theirs.rsvp_id,
        version: await version("event_rsvp", "rsvp_id", theirs.rsvp_id),
        status: "Declined",
      }),
    );
    expect(result.ok).toBe(true);
    expect(
      (
        await one<{ changed_by: string }>(
          "SELECT changed_by FROM audit_log WHERE table_name = 'event_rsvp' AND record_id = $1 ORDER BY log_id DESC LIMIT 1",
          [theirs.rsvp_id],
        )
      ).changed_by,
    ).toBe(`user:${adminId}`);
  });
});
