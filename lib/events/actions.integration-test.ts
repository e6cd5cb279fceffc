import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import type * as Overview from "@/lib/weddings/overview";
import { EVENT_CANCELLED, EVENT_CONFLICT, EVENT_GONE, WEDDING_NOT_FOUND } from "./events";
import { SAME_START_AND_END } from "./schema";

// The events page's server actions, called as the browser calls them, against
// a real database as the app role. Only who is signed in is stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof Actions;
let getEventsPage: typeof Queries.getEventsPage;
let getWeddingOverview: typeof Overview.getWeddingOverview;
let disconnectApp: () => Promise<void>;
let plannerA: { userId: number };
let weddingId: number;
let otherWeddingOfA: number;
let weddingOfB: number;

const TODAY = "2026-11-23";
const VERSION_SQL = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

async function snapshot() {
  return one<{ event: string; audit: string }>(
    `SELECT (SELECT md5(string_agg(e::text, '|' ORDER BY event_id)) FROM event e) AS event,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
}

type EventDb = {
  event_id: number;
  name: string;
  event_type: string;
  region: string;
  event_date: string;
  start_time: string;
  end_time: string;
  location: string | null;
  notes: string | null;
  status: string;
  v: string;
};

async function eventByName(name: string, wedding = weddingId): Promise<EventDb> {
  return one<EventDb>(
    `SELECT event_id, name, event_type::text, region, event_date::text, start_time::text, end_time::text,
            location, notes, status::text, ${VERSION_SQL} AS v
     FROM event WHERE wedding_id = $1 AND name = $2`,
    [wedding, name],
  );
}

const valid = () => ({
  weddingId,
  name: "After-party",
  eventType: "Party",
  region: "Ohrid",
  eventDate: "2027-06-12",
  startTime: "22:00",
  endTime: "02:00",
  location: "Beach bar, Ohrid",
  notes: "22:30 DJ\n00:00 fireworks; 01:30 last call",
});

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  ({ getEventsPage } = await import("./queries"));
  ({ getWeddingOverview } = await import("@/lib/weddings/overview"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const planners = await rows<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  plannerA = { userId: planners[0]!.user_id };
  weddingId = planners[0]!.ids[0]!;
  otherWeddingOfA = planners[0]!.ids[1]!;
  weddingOfB = planners[1]!.ids[0]!;
});

beforeEach(() => {
  session.identity = { kind: "user", userId: plannerA.userId, role: "planner" };
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("createEventAction", () => {
  it("adds an event that ends after midnight, as the planner, and refreshes the pages that show it", async () => {
    const result = await actions.createEventAction(null, form(valid()));
    expect(result).toEqual({ ok: true, message: "Added the event “After-party”." });
    expect(await eventByName("After-party")).toMatchObject({
      event_type: "Party",
      region: "Ohrid",
      event_date: "2027-06-12",
      start_time: "22:00:00",
      end_time: "02:00:00",
      location: "Beach bar, Ohrid",
      notes: "22:30 DJ\n00:00 fireworks; 01:30 last call",
      status: "Scheduled",
    });
    const page = (await getEventsPage(session.identity!, weddingId))!;
    expect(page.events.find((e) => e.name === "After-party")).toMatchObject({
      startTime: "22:00",
      endTime: "02:00",
      endsNextDay: true,
    });
    const audit = await one<{ changed_by: string }>(
      `SELECT changed_by FROM audit_log WHERE table_name = 'event' AND operation = 'INSERT' ORDER BY log_id DESC LIMIT 1`,
    );
    expect(audit.changed_by).toBe(`user:${plannerA.userId}`);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}/events`);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}`);
  });

  it("refuses an end equal to the start, next to the end time, and stores nothing", async () => {
    const before = await snapshot();
    const result = await actions.createEventAction(
      null,
      form({ ...valid(), name: "Zero", startTime: "18:00", endTime: "18:00:00" }),
    );
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { endTime: [SAME_START_AND_END] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["an empty name", { name: "  " }, "name"],
    ["a name over 200 characters", { name: "n".repeat(201) }, "name"],
    ["a type outside the list", { eventType: "Funeral" }, "eventType"],
    ["an empty region", { region: "" }, "region"],
    ["a region over 100 characters", { region: "r".repeat(101) }, "region"],
    ["a day that does not exist", { eventDate: "2027-02-29" }, "eventDate"],
    ["an empty date", { eventDate: "" }, "eventDate"],
    ["a year out of range", { eventDate: "1899-06-12" }, "eventDate"],
    ["an hour past 23", { startTime: "24:00" }, "startTime"],
    ["a time in words", { endTime: "midnight" }, "endTime"],
    ["an empty start time", { startTime: "" }, "startTime"],
    ["a location over 300 characters", { location: "l".repeat(301) }, "location"],
    ["a run-of-show note over 5000 characters", { notes: "x".repeat(5001) }, "notes"],
    ["a wedding id that is not a number", { weddingId: "1; DROP TABLE event" }, "weddingId"],
  ])("refuses %s next to the field and stores nothing", async (_name, change, field) => {
    const before = await snapshot();
    const result = await actions.createEventAction(null, form({ ...valid(), name: "Bad", ...change }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    expect(result && !result.ok && result.fieldErrors?.[field]).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts a run-of-show note of exactly 5000 characters, and SQL as plain text", async () => {
    const name = "Brunch'); DROP TABLE event; --";
    const result = await actions.createEventAction(
      null,
      form({ ...valid(), name, eventType: "Brunch", startTime: "11:00", endTime: "13:00", notes: "y".repeat(5000) }),
    );
    expect(result.ok).toBe(true);
    expect((await eventByName(name)).notes).toHaveLength(5000);
  });

  it("answers for another planner's wedding and an unknown one as if they did not exist", async () => {
    const before = await snapshot();
    for (const id of [weddingOfB, 999_999]) {
      expect(await actions.createEventAction(null, form({ ...valid(), weddingId: id }))).toEqual({
        ok: false,
        error: WEDDING_NOT_FOUND,
      });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("updateEventAction", () => {
  it("saves every field and the status at the version the form was opened with", async () => {
    const event = await eventByName("After-party");
    const result = await actions.updateEventAction(
      null,
      form({
        ...valid(),
        eventId: event.event_id,
        version: event.v,
        name: "After-party",
        startTime: "21:30",
        endTime: "23:45",
        location: "",
        notes: "",
        status: "Confirmed",
      }),
    );
    expect(result).toEqual({ ok: true, message: "Saved the event “After-party”." });
    expect(await eventByName("After-party")).toMatchObject({
      start_time: "21:30:00",
      end_time: "23:45:00",
      location: null,
      notes: null,
      status: "Confirmed",
    });
  });

  it("refuses a stale version with the conflict message and keeps the other person's change", async () => {
    const opened = await eventByName("After-party");
    await db.pool.query(`UPDATE event SET location = 'Their change' WHERE event_id = $1`, [opened.event_id]);
    const before = await snapshot();
    const fields = { ...valid(), eventId: opened.event_id, version: opened.v, status: "Confirmed" };
    expect(await actions.updateEventAction(null, form(fields))).toEqual({ ok: false, error: EVENT_CONFLICT });
    expect(
      await actions.cancelEventAction(null, form({ weddingId, eventId: opened.event_id, version: opened.v })),
    ).toEqual({ ok: false, error: EVENT_CONFLICT });
    expect(await snapshot()).toEqual(before);
    expect((await eventByName("After-party")).location).toBe("Their change");
  });

  it("refuses end == start and a status the form cannot set", async () => {
    const event = await eventByName("After-party");
    const base = { ...valid(), eventId: event.event_id, version: event.v };
    expect(
      await actions.updateEventAction(
        null,
        form({ ...base, startTime: "20:00", endTime: "20:00", status: "Scheduled" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { endTime: [SAME_START_AND_END] } });
    expect(await actions.updateEventAction(null, form({ ...base, status: "Cancelled" }))).toMatchObject({
      ok: false,
      fieldErrors: { status: [expect.any(String)] },
    });
  });

  it("says an unknown event, another planner's event and an event of another wedding are gone", async () => {
    const ofB = await one<{ event_id: number; v: string }>(
      `SELECT event_id, ${VERSION_SQL} AS v FROM event WHERE wedding_id = $1 LIMIT 1`,
      [weddingOfB],
    );
    const mine = await eventByName("After-party");
    const before = await snapshot();
    for (const ids of [
      { weddingId, eventId: 999_999, version: mine.v },
      { weddingId: weddingOfB, eventId: ofB.event_id, version: ofB.v },
      { weddingId, eventId: ofB.event_id, version: ofB.v },
      { weddingId: otherWeddingOfA, eventId: mine.event_id, version: mine.v },
    ]) {
      expect(await actions.updateEventAction(null, form({ ...valid(), ...ids, status: "Scheduled" }))).toEqual({
        ok: false,
        error: EVENT_GONE,
      });
      expect(await actions.cancelEventAction(null, form(ids))).toEqual({ ok: false, error: EVENT_GONE });
      expect(await actions.reinstateEventAction(null, form(ids))).toEqual({ ok: false, error: EVENT_GONE });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("cancelEventAction and reinstateEventAction", () => {
  it("cancels an event, which leaves the overview's timeline, and reinstates it as Scheduled", async () => {
    const event = await eventByName("After-party");
    const inTimeline = async () =>
      (await getWeddingOverview(session.identity!, weddingId, TODAY))!.timeline.some(
        (e) => e.eventId === event.event_id,
      );
    expect(await inTimeline()).toBe(true);

    const cancelled = await actions.cancelEventAction(
      null,
      form({ weddingId, eventId: event.event_id, version: event.v }),
    );
    expect(cancelled).toMatchObject({ ok: true, message: expect.stringContaining("Cancelled “After-party”") });
    expect((await eventByName("After-party")).status).toBe("Cancelled");
    expect(await inTimeline()).toBe(false);

    const now = await eventByName("After-party");
    expect(await actions.cancelEventAction(null, form({ weddingId, eventId: now.event_id, version: now.v }))).toEqual({
      ok: false,
      error: "“After-party” is already cancelled.",
    });
    expect(
      await actions.updateEventAction(
        null,
        form({ ...valid(), eventId: now.event_id, version: now.v, status: "Scheduled" }),
      ),
    ).toEqual({ ok: false, error: EVENT_CANCELLED });

    const reinstated = await actions.reinstateEventAction(
      null,
      form({ weddingId, eventId: now.event_id, version: now.v }),
    );
    expect(reinstated).toEqual({ ok: true, message: "Reinstated “After-party” as Scheduled." });
    expect((await eventByName("After-party")).status).toBe("Scheduled");
    expect(await inTimeline()).toBe(true);
    const again = await eventByName("After-party");
    expect(
      await actions.reinstateEventAction(null, form({ weddingId, eventId: again.event_id, version: again.v })),
    ).toEqual({ ok: false, error: "“After-party” is not cancelled." });
  });
});

describe("getEventsPage", () => {
  it("lists every event, cancelled ones too, in date and start order with microsecond versions", async () => {
    const page = (await getEventsPage(session.identity!, weddingId))!;
    const db = await rows<{ event_id: number; v: string }>(
      `SELECT event_id, ${VERSION_SQL} AS v FROM event WHERE wedding_id = $1 ORDER BY event_date, start_time, event_id`,
      [weddingId],
    );
    expect(page.events.map((e) => [e.id, e.version])).toEqual(db.map((e) => [e.event_id, e.v]));
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });

  it("flags overlaps exactly as the overview's timeline does, past midnight included", async () => {
    const after = await eventByName("After-party");
    // 21:30–23:45 on the same day as a new late event 23:00–01:00, and one the next morning that does not touch.
    for (const extra of [
      { name: "Night swim", startTime: "23:00", endTime: "01:00" },
      { name: "Recovery breakfast", eventDate: "2027-06-13", startTime: "09:00", endTime: "10:00" },
    ]) {
      expect((await actions.createEventAction(null, form({ ...valid(), eventType: "Other", ...extra }))).ok).toBe(true);
    }
    const page = (await getEventsPage(session.identity!, weddingId))!;
    const overview = (await getWeddingOverview(session.identity!, weddingId, TODAY))!;
    for (const shown of overview.timeline) {
      const listed = page.events.find((e) => e.id === shown.eventId)!;
      expect(listed.overlapsWith.length > 0, listed.name).toBe(shown.overlaps);
    }
    expect(page.events.find((e) => e.id === after.event_id)!.overlapsWith).toContain("Night swim");
    expect(page.events.find((e) => e.name === "Recovery breakfast")!.overlapsWith).toEqual([]);
    expect(page.events.filter((e) => e.status === "Cancelled").every((e) => e.overlapsWith.length === 0)).toBe(true);
  });

  it("is null for another planner's wedding and an unknown one", async () => {
    expect(await getEventsPage(session.identity!, weddingOfB)).toBeNull();
    expect(await getEventsPage(session.identity!, 999_999)).toBeNull();
  });
});
