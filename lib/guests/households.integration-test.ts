import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/db/with-identity";
import {
  actions,
  addGuest,
  addHousehold,
  eventOf,
  form,
  HOUSEHOLD_CONFLICT,
  mine,
  notFound,
  one,
  otherWeddingId,
  planner,
  rows,
  setupGuestTestbed,
  snapshot,
  STALE,
  version,
  WEDDING_NOT_FOUND,
  weddingId,
} from "./test-harness";

// The household actions: create, edit (name, plus-one allowance), delete.
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

describe("households", () => {
  it("creates a household, recorded in the audit trail with the planner as actor", async () => {
    const result = await actions.createHouseholdAction(
      null,
      form({ weddingId, name: "  The Quinn family ", plusOneAllowance: "2" }),
    );
    expect(result).toMatchObject({ ok: true, message: "Added the household The Quinn family." });
    const id = (result as { householdId: number }).householdId;
    expect(
      await one("SELECT wedding_id, name, plus_one_allowance FROM household WHERE household_id = $1", [id]),
    ).toEqual({
      wedding_id: weddingId,
      name: "The Quinn family",
      plus_one_allowance: 2,
    });
    expect(
      await one("SELECT operation, changed_by FROM audit_log WHERE table_name = 'household' AND record_id = $1", [id]),
    ).toEqual({ operation: "INSERT", changed_by: `user:${mine.userId}` });
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}`, "layout");
  });

  it("defaults an empty allowance to 0 and stores a name that looks like SQL as text", async () => {
    const name = "Robert'); DROP TABLE guest; --";
    const result = await actions.createHouseholdAction(null, form({ weddingId, name, plusOneAllowance: "" }));
    expect(result.ok).toBe(true);
    const id = (result as { householdId: number }).householdId;
    expect(await one("SELECT name, plus_one_allowance FROM household WHERE household_id = $1", [id])).toEqual({
      name,
      plus_one_allowance: 0,
    });
  });

  it.each([
    ["an empty name", { name: "   ", plusOneAllowance: "0" }, "name", "Enter a household name."],
    [
      "a 10 000 character name",
      { name: "x".repeat(10_000), plusOneAllowance: "0" },
      "name",
      "Household name has at most 200 characters.",
    ],
    [
      "a name with a NUL",
      { name: "A\u0000B", plusOneAllowance: "0" },
      "name",
      "Household name cannot contain control characters.",
    ],
    [
      "a negative allowance",
      { name: "A", plusOneAllowance: "-1" },
      "plusOneAllowance",
      "Enter a whole number from 0 to 20.",
    ],
    [
      "an allowance of 21",
      { name: "A", plusOneAllowance: "21" },
      "plusOneAllowance",
      "Enter a whole number from 0 to 20.",
    ],
    [
      "a fractional allowance",
      { name: "A", plusOneAllowance: "1.5" },
      "plusOneAllowance",
      "Enter a whole number from 0 to 20.",
    ],
    [
      "a word for the allowance",
      { name: "A", plusOneAllowance: "two" },
      "plusOneAllowance",
      "Enter a whole number from 0 to 20.",
    ],
  ])("refuses %s and changes nothing", async (_label, fields, field, message) => {
    const before = await snapshot();
    const result = await actions.createHouseholdAction(null, form({ weddingId, ...fields }));
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { [field]: [message] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a wedding id that is not a number, or missing", async () => {
    const bad = await actions.createHouseholdAction(null, form({ weddingId: "1; DROP TABLE wedding", name: "A" }));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { weddingId: ["Choose a wedding."] } });
    const missing = await actions.createHouseholdAction(null, form({ name: "A" }));
    expect(missing).toMatchObject({ ok: false, fieldErrors: { weddingId: ["Choose a wedding."] } });
  });

  it("refuses a name another household of the wedding has, ignoring case", async () => {
    await actions.createHouseholdAction(null, form({ weddingId, name: "Petrov family", plusOneAllowance: "0" }));
    const before = await snapshot();
    const result = await actions.createHouseholdAction(null, form({ weddingId, name: "PETROV FAMILY" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { name: ["This wedding already has a household with this name."] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another planner's wedding, unknown weddings, and people who are not planners", async () => {
    const before = await snapshot();
    for (const id of [otherWeddingId, 999_999]) {
      expect(await actions.createHouseholdAction(null, form({ weddingId: id, name: "Intruders" }))).toEqual({
        ok: false,
        error: WEDDING_NOT_FOUND,
      });
    }
    session.identity = null;
    expect(await actions.createHouseholdAction(null, form({ weddingId, name: "Anon" }))).toEqual({
      ok: false,
      error: "Not found.",
    });
    session.identity = { kind: "user", userId: mine.userId, role: "vendor" };
    expect(await actions.createHouseholdAction(null, form({ weddingId, name: "Vendor" }))).toEqual({
      ok: false,
      error: "Not found.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates at the version the form was opened with, and refuses a stale version", async () => {
    const id = await addHousehold();
    const opened = await version("household", "household_id", id);
    const saved = await actions.updateHouseholdAction(
      null,
      form({ weddingId, householdId: id, version: opened, name: "Renamed", plusOneAllowance: "3" }),
    );
    expect(saved).toMatchObject({ ok: true, message: "Saved the household Renamed." });
    const before = await snapshot();
    // A second tab still holds the first version: its save is refused, the first save stands.
    const stale = await actions.updateHouseholdAction(
      null,
      form({ weddingId, householdId: id, version: opened, name: "Lost update", plusOneAllowance: "0" }),
    );
    expect(stale).toEqual({ ok: false, error: HOUSEHOLD_CONFLICT });
    expect(await snapshot()).toEqual(before);
    expect(await one("SELECT name, plus_one_allowance FROM household WHERE household_id = $1", [id])).toEqual({
      name: "Renamed",
      plus_one_allowance: 3,
    });
    const badVersion = await actions.updateHouseholdAction(
      null,
      form({ weddingId, householdId: id, version: "yesterday", name: "X", plusOneAllowance: "0" }),
    );
    expect(badVersion).toMatchObject({ ok: false, fieldErrors: { version: [expect.stringContaining("out of date")] } });
  });

  it("says not found for another wedding's household, through either wedding id", async () => {
    const theirHousehold = await one<{ household_id: number }>(
      "SELECT household_id FROM household WHERE wedding_id = $1 LIMIT 1",
      [otherWeddingId],
    );
    const v = await version("household", "household_id", theirHousehold.household_id);
    const before = await snapshot();
    const viaMine = await actions.updateHouseholdAction(
      null,
      form({
        weddingId,
        householdId: theirHousehold.household_id,
        version: v,
        name: "Mine now",
        plusOneAllowance: "0",
      }),
    );
    expect(viaMine).toEqual({ ok: false, error: notFound("household") });
    const viaTheirs = await actions.deleteHouseholdAction(
      null,
      form({ weddingId: otherWeddingId, householdId: theirHousehold.household_id, version: v }),
    );
    expect(viaTheirs).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an allowance below the plus-ones the household already brings", async () => {
    const household = await addHousehold(2);
    const guest = await addGuest(household);
    const event = await eventOf(weddingId);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(guest)] }));
    const rsvp = await one<{ rsvp_id: number }>("SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1", [guest]);
    const accepted = await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId: rsvp.rsvp_id,
        version: await version("event_rsvp", "rsvp_id", rsvp.rsvp_id),
        status: "Accepted",
        mealChoice: "Fish",
        plusOnes: "2",
      }),
    );
    expect(accepted.ok).toBe(true);
    const before = await snapshot();
    const lowered = await actions.updateHouseholdAction(
      null,
      form({
        weddingId,
        householdId: household,
        version: await version("household", "household_id", household),
        name: "Still here",
        plusOneAllowance: "1",
      }),
    );
    expect(lowered).toMatchObject({
      ok: false,
      fieldErrors: { plusOneAllowance: [expect.stringMatching(/would bring 2 plus-ones to .*allowance of 1/)] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("deletes a household with its guests and their RSVPs", async () => {
    const household = await addHousehold();
    const guest = await addGuest(household);
    const event = await eventOf(weddingId);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(guest)] }));
    const stale = await actions.deleteHouseholdAction(
      null,
      form({ weddingId, householdId: household, version: STALE }),
    );
    expect(stale).toEqual({ ok: false, error: HOUSEHOLD_CONFLICT });
    const result = await actions.deleteHouseholdAction(
      null,
      form({ weddingId, householdId: household, version: await version("household", "household_id", household) }),
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("and its 1 guest") });
    expect(await rows("SELECT 1 FROM guest WHERE guest_id = $1", [guest])).toHaveLength(0);
    expect(await rows("SELECT 1 FROM event_rsvp WHERE guest_id = $1", [guest])).toHaveLength(0);
  });
});
