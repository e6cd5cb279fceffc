import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/db/with-identity";
import {
  actions,
  addGuest,
  addHousehold,
  db,
  eventOf,
  form,
  mine,
  one,
  otherWeddingId,
  planner,
  rows,
  setupGuestTestbed,
  snapshot,
  version,
  WEDDING_NOT_FOUND,
  weddingId,
} from "./test-harness";

// The bulk actions: invite selected guests to an event, remove them from one.
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

describe("inviting and removing guests", () => {
  it("invites guests as Pending and leaves existing invitations (and their answers) as they are", async () => {
    const household = await addHousehold(1);
    const a = await addGuest(household);
    const b = await addGuest(household);
    const event = await eventOf(weddingId);
    const first = await actions.inviteGuestsAction(
      null,
      form({ weddingId, eventId: event.event_id, guestIds: [String(a)] }),
    );
    expect(first).toEqual({ ok: true, message: `Invited 1 guest to ${event.name}.` });
    const rsvp = await one<{ rsvp_id: number }>("SELECT rsvp_id FROM event_rsvp WHERE guest_id = $1", [a]);
    await actions.setGuestRsvpAction(
      null,
      form({
        weddingId,
        rsvpId: rsvp.rsvp_id,
        version: await version("event_rsvp", "rsvp_id", rsvp.rsvp_id),
        status: "Accepted",
        mealChoice: "Beef",
      }),
    );
    const answered = await one("SELECT * FROM event_rsvp WHERE rsvp_id = $1", [rsvp.rsvp_id]);
    const again = await actions.inviteGuestsAction(
      null,
      form({ weddingId, eventId: event.event_id, guestIds: [String(a), String(b), String(b)] }),
    );
    expect(again).toEqual({
      ok: true,
      message: `Invited 1 guest to ${event.name}. 1 guest was already invited and kept their answers.`,
    });
    expect(await one("SELECT * FROM event_rsvp WHERE rsvp_id = $1", [rsvp.rsvp_id])).toEqual(answered);
    expect(await one("SELECT status, wedding_id FROM event_rsvp WHERE guest_id = $1", [b])).toEqual({
      status: "Pending",
      wedding_id: weddingId,
    });
  });

  it("refuses the whole batch when one guest is not the wedding's", async () => {
    const a = await addGuest(await addHousehold());
    const theirGuest = await one<{ guest_id: number }>("SELECT guest_id FROM guest WHERE wedding_id = $1 LIMIT 1", [
      otherWeddingId,
    ]);
    const event = await eventOf(weddingId);
    const before = await snapshot();
    for (const action of [actions.inviteGuestsAction, actions.removeGuestsFromEventAction]) {
      const result = await action(
        null,
        form({ weddingId, eventId: event.event_id, guestIds: [String(a), String(theirGuest.guest_id)] }),
      );
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining("were not found in this wedding") });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another wedding's event, a cancelled event, and an empty selection", async () => {
    const a = await addGuest(await addHousehold());
    const theirEvent = await eventOf(otherWeddingId);
    const before = await snapshot();
    expect(
      await actions.inviteGuestsAction(null, form({ weddingId, eventId: theirEvent.event_id, guestIds: [String(a)] })),
    ).toMatchObject({ ok: false, error: "This event was not found in this wedding. Nothing was changed." });
    expect(
      await actions.inviteGuestsAction(
        null,
        form({ weddingId: otherWeddingId, eventId: theirEvent.event_id, guestIds: [String(a)] }),
      ),
    ).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    expect(await actions.inviteGuestsAction(null, form({ weddingId, eventId: theirEvent.event_id }))).toMatchObject({
      ok: false,
      fieldErrors: { guestIds: ["Select at least one guest."] },
    });
    expect(
      await actions.inviteGuestsAction(null, form({ weddingId, eventId: "x", guestIds: ["1", "zwei"] })),
    ).toMatchObject({ ok: false, fieldErrors: { eventId: ["Choose an event."], "guestIds.1": ["Choose guests."] } });
    expect(await snapshot()).toEqual(before);

    const cancelled = await one<{ event_id: number }>(
      "SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id DESC LIMIT 1",
      [weddingId],
    );
    await db.pool.query("UPDATE event SET status = 'Cancelled' WHERE event_id = $1", [cancelled.event_id]);
    try {
      const before2 = await snapshot();
      expect(
        await actions.inviteGuestsAction(null, form({ weddingId, eventId: cancelled.event_id, guestIds: [String(a)] })),
      ).toMatchObject({ ok: false, error: expect.stringContaining("is cancelled") });
      expect(await snapshot()).toEqual(before2);
    } finally {
      await db.pool.query("UPDATE event SET status = 'Scheduled' WHERE event_id = $1", [cancelled.event_id]);
    }
  });

  it("removes guests from one event only", async () => {
    const household = await addHousehold();
    const a = await addGuest(household);
    const b = await addGuest(household);
    const events = await rows<{ event_id: number; name: string }>(
      "SELECT event_id, name FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id LIMIT 2",
      [weddingId],
    );
    for (const e of events) {
      await actions.inviteGuestsAction(
        null,
        form({ weddingId, eventId: e.event_id, guestIds: [String(a), String(b)] }),
      );
    }
    const removed = await actions.removeGuestsFromEventAction(
      null,
      form({ weddingId, eventId: events[0]!.event_id, guestIds: [String(a)] }),
    );
    expect(removed).toEqual({ ok: true, message: `Removed 1 guest from ${events[0]!.name}.` });
    expect(
      await rows("SELECT guest_id, event_id FROM event_rsvp WHERE guest_id = ANY($1) ORDER BY guest_id, event_id", [
        [a, b],
      ]),
    ).toEqual([
      { guest_id: a, event_id: events[1]!.event_id },
      { guest_id: b, event_id: events[0]!.event_id },
      { guest_id: b, event_id: events[1]!.event_id },
    ]);
  });
});
