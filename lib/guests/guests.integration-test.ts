import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/db/with-identity";
import {
  actions,
  addGuest,
  addHousehold,
  eventOf,
  form,
  GUEST_CONFLICT,
  mine,
  notFound,
  one,
  otherWeddingId,
  planner,
  rows,
  setupGuestTestbed,
  snapshot,
  version,
  WEDDING_NOT_FOUND,
  weddingId,
  oneDecrypted,
  GUEST_PHONE,
} from "./test-harness";

// The guest actions: create, edit (also moving to another household), delete.
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

describe("guests", () => {
  it("creates a guest whose RSVP token the database generates", async () => {
    const household = await addHousehold();
    const result = await actions.createGuestAction(
      null,
      form({
        weddingId,
        householdId: household,
        fullName: " Ana Petrova ",
        email: " Ana.Petrova@Example.TEST ",
        phone: "+389 70 123 456",
        dietaryPreference: "Vegetarian",
      }),
    );
    expect(result).toMatchObject({ ok: true, message: "Added Ana Petrova." });
    const guest = await oneDecrypted<{
      full_name: string;
      email: string;
      phone: string;
      qr_code: string;
      household_id: number;
    }>(
      `SELECT full_name, email, ${GUEST_PHONE} AS phone, dietary_preference, qr_code, household_id FROM guest g WHERE guest_id = $1`,
      [(result as { guestId: number }).guestId],
    );
    expect(guest).toMatchObject({
      full_name: "Ana Petrova",
      email: "ana.petrova@example.test",
      phone: "+389 70 123 456",
      household_id: household,
    });
    expect(guest.qr_code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Stored encrypted: the clear column stays empty.
    expect(await one("SELECT phone FROM guest WHERE guest_id = $1", [(result as { guestId: number }).guestId])).toEqual(
      {
        phone: null,
      },
    );
  });

  it("stores empty optional fields as null and text that looks like SQL as text", async () => {
    const household = await addHousehold();
    const diet = "'; DELETE FROM event_rsvp; --";
    const id = await addGuest(household, { email: "", phone: "", dietaryPreference: diet });
    expect(await one("SELECT email, phone, dietary_preference FROM guest WHERE guest_id = $1", [id])).toEqual({
      email: null,
      phone: null,
      dietary_preference: diet,
    });
  });

  it.each([
    ["an empty name", { fullName: "" }, "fullName", "Enter a full name."],
    ["a 10 000 character name", { fullName: "n".repeat(10_000) }, "fullName", "Full name has at most 200 characters."],
    [
      "a bad email",
      { email: "not-an-email" },
      "email",
      "Invalid email address, expected something like name@example.com.",
    ],
    [
      "a 10 000 character email",
      { email: `${"e".repeat(10_000)}@x.test` },
      "email",
      "An email address has at most 254 characters.",
    ],
    [
      "letters for a phone",
      { phone: "call me maybe" },
      "phone",
      "Invalid phone number: use digits, spaces and + ( ) - . / only.",
    ],
    [
      "a 10 000 character dietary need",
      { dietaryPreference: "d".repeat(10_000) },
      "dietaryPreference",
      "Dietary preference has at most 200 characters.",
    ],
    ["a household id that is not a number", { householdId: "abc" }, "householdId", "Choose a household."],
  ])("refuses %s and changes nothing", async (_label, fields, field, message) => {
    const household = await addHousehold();
    const before = await snapshot();
    const result = await actions.createGuestAction(
      null,
      form({ weddingId, householdId: household, fullName: "Valid Name", ...fields }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [message] } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a household of another wedding, even one the planner owns", async () => {
    const ownOtherWedding = mine.weddingIds.find((id) => id !== weddingId)!;
    const elsewhere = await addHousehold(0, ownOtherWedding);
    const theirHousehold = await one<{ household_id: number }>(
      "SELECT household_id FROM household WHERE wedding_id = $1 LIMIT 1",
      [otherWeddingId],
    );
    const before = await snapshot();
    for (const householdId of [elsewhere, theirHousehold.household_id, 999_999]) {
      const result = await actions.createGuestAction(null, form({ weddingId, householdId, fullName: "Lost" }));
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { householdId: ["Choose a household of this wedding."] },
      });
    }
    expect(
      await actions.createGuestAction(
        null,
        form({ weddingId: otherWeddingId, householdId: theirHousehold.household_id, fullName: "X" }),
      ),
    ).toEqual({
      ok: false,
      error: WEDDING_NOT_FOUND,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an email another guest of the wedding has, ignoring case", async () => {
    const household = await addHousehold();
    await addGuest(household, { email: "twin@example.test" });
    const before = await snapshot();
    const result = await actions.createGuestAction(
      null,
      form({ weddingId, householdId: household, fullName: "Other Twin", email: "TWIN@example.test" }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: ["Another guest of this wedding has this email address."] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates a guest, moves them to another household, and refuses a stale version", async () => {
    const first = await addHousehold();
    const second = await addHousehold();
    const id = await addGuest(first, { email: "mover@example.test" });
    const opened = await version("guest", "guest_id", id);
    const saved = await actions.updateGuestAction(
      null,
      form({
        weddingId,
        guestId: id,
        version: opened,
        householdId: second,
        fullName: "Moved Guest",
        email: "mover@example.test",
        dietaryPreference: "Vegan",
      }),
    );
    expect(saved).toMatchObject({ ok: true, message: "Saved Moved Guest." });
    expect(
      await one("SELECT household_id, full_name, dietary_preference FROM guest WHERE guest_id = $1", [id]),
    ).toEqual({
      household_id: second,
      full_name: "Moved Guest",
      dietary_preference: "Vegan",
    });
    const before = await snapshot();
    const stale = await actions.updateGuestAction(
      null,
      form({ weddingId, guestId: id, version: opened, householdId: first, fullName: "Lost update" }),
    );
    expect(stale).toEqual({ ok: false, error: GUEST_CONFLICT });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a move that takes plus-ones into a household without room for them", async () => {
    const roomy = await addHousehold(1);
    const strict = await addHousehold(0);
    const id = await addGuest(roomy);
    const event = await eventOf(weddingId);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(id)] }));
    const rsvp = await one<{ rsvp_id: number }>("SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1", [id]);
    await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId: rsvp.rsvp_id,
        version: await version("event_rsvp", "rsvp_id", rsvp.rsvp_id),
        status: "Accepted",
        plusOnes: "1",
      }),
    );
    const before = await snapshot();
    const result = await actions.updateGuestAction(
      null,
      form({
        weddingId,
        guestId: id,
        version: await version("guest", "guest_id", id),
        householdId: strict,
        fullName: "Plus One Carrier",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { householdId: [expect.stringContaining("allowance of 0")] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("says not found for another planner's guest and changes nothing", async () => {
    const theirGuest = await one<{ guest_id: number; household_id: number }>(
      "SELECT guest_id, household_id FROM guest WHERE wedding_id = $1 LIMIT 1",
      [otherWeddingId],
    );
    const v = await version("guest", "guest_id", theirGuest.guest_id);
    const household = await addHousehold();
    const before = await snapshot();
    expect(
      await actions.updateGuestAction(
        null,
        form({ weddingId, guestId: theirGuest.guest_id, version: v, householdId: household, fullName: "Stolen" }),
      ),
    ).toEqual({ ok: false, error: notFound("guest") });
    expect(
      await actions.deleteGuestAction(null, form({ weddingId, guestId: theirGuest.guest_id, version: v })),
    ).toEqual({
      ok: false,
      error: notFound("guest"),
    });
    expect(await snapshot()).toEqual(before);
  });

  it("deletes a guest with their RSVPs", async () => {
    const id = await addGuest(await addHousehold());
    const event = await eventOf(weddingId);
    await actions.inviteGuestsAction(null, form({ weddingId, eventId: event.event_id, guestIds: [String(id)] }));
    // On success the action redirects to the guest list (Next.js throws to redirect).
    await expect(
      actions.deleteGuestAction(
        null,
        form({ weddingId, guestId: id, version: await version("guest", "guest_id", id) }),
      ),
    ).rejects.toMatchObject({ digest: expect.stringContaining(`/weddings/${weddingId}/guests`) });
    expect(await rows("SELECT 1 FROM guest WHERE guest_id = $1", [id])).toHaveLength(0);
    expect(await rows("SELECT 1 FROM event_rsvp WHERE guest_id = $1", [id])).toHaveLength(0);
  });
});
