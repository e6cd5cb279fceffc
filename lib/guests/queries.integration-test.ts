import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import { parseCsv } from "@/lib/csv/parse";
import type * as Queries from "./queries";
import type * as Caterer from "./caterer";
import type * as Rsvps from "./rsvps";

// The guest pages' reads and the caterer's figures, each checked against
// plain one-table SQL as the database owner.

let db: TestDatabase;
let queries: typeof Queries;
let caterer: typeof Caterer;
let rsvps: typeof Rsvps;
let disconnectApp: () => Promise<void>;
let me: Extract<Identity, { kind: "user" }>;
let myWeddings: number[];
let otherWeddingId: number;

async function rows<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  queries = await import("./queries");
  caterer = await import("./caterer");
  rsvps = await import("./rsvps");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const planners = await rows<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  me = { kind: "user", userId: planners[0]!.user_id, role: "planner" };
  myWeddings = planners[0]!.ids;
  otherWeddingId = planners[1]!.ids[0]!;
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("getGuestList", () => {
  it("shows every guest, household and active event of the wedding with the same counts as the tables", async () => {
    for (const weddingId of myWeddings) {
      const list = (await queries.getGuestList(me, weddingId))!;
      expect(list.wedding.id).toBe(weddingId);
      const [counts] = await rows<{ guests: number; households: number }>(
        `SELECT (SELECT count(*)::int FROM guest WHERE wedding_id = $1) AS guests,
                (SELECT count(*)::int FROM household WHERE wedding_id = $1) AS households`,
        [weddingId],
      );
      expect(list.guests).toHaveLength(counts!.guests);
      expect(list.totalGuests).toBe(counts!.guests);
      expect(list.households).toHaveLength(counts!.households);
      const events = await rows<{ event_id: number }>(
        "SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled'",
        [weddingId],
      );
      expect(list.events.map((e) => e.id).sort()).toEqual(events.map((e) => e.event_id).sort());
      for (const event of list.events) {
        const [r] = await rows<{ invited: number; pending: number; accepted: number }>(
          `SELECT count(*)::int AS invited, count(*) FILTER (WHERE status = 'Pending')::int AS pending,
                  count(*) FILTER (WHERE status = 'Accepted')::int AS accepted
           FROM event_rsvp WHERE event_id = $1`,
          [event.id],
        );
        expect([event.invited, event.pending, event.accepted]).toEqual([r!.invited, r!.pending, r!.accepted]);
        expect(event.invited).toBe(event.accepted + event.declined + event.pending);
        // Each guest's own RSVPs add up to the same counts.
        expect(list.guests.filter((g) => g.rsvps.some((x) => x.eventId === event.id))).toHaveLength(event.invited);
      }
    }
  });

  it("is null for another planner's wedding and an unknown one", async () => {
    expect(await queries.getGuestList(me, otherWeddingId)).toBeNull();
    expect(await queries.getGuestList(me, 999_999)).toBeNull();
  });

  it("filters by RSVP status for one event, and by search text taken literally", async () => {
    const weddingId = myWeddings[2]!;
    const all = (await queries.getGuestList(me, weddingId))!;
    const event = all.events[0]!;
    for (const status of ["Pending", "Accepted", "Declined"] as const) {
      const filtered = (await queries.getGuestList(me, weddingId, { event: event.id, status }))!;
      const expected = await rows<{ guest_id: number }>(
        "SELECT guest_id FROM event_rsvp WHERE event_id = $1 AND status = $2",
        [event.id, status],
      );
      expect(filtered.guests.map((g) => g.id).sort()).toEqual(expected.map((r) => r.guest_id).sort());
    }
    const notInvited = (await queries.getGuestList(me, weddingId, { event: event.id, status: "not-invited" }))!;
    const invited = (await queries.getGuestList(me, weddingId, { event: event.id, status: "invited" }))!;
    expect(notInvited.guests.length + invited.guests.length).toBe(all.guests.length);

    const someone = all.guests[3]!;
    const part = someone.fullName.split(" ").at(-1)!.slice(1, 5);
    const found = (await queries.getGuestList(me, weddingId, { q: part.toUpperCase() }))!;
    expect(found.guests.map((g) => g.id)).toContain(someone.id);
    expect(
      found.guests.every((g) =>
        `${g.fullName} ${g.email} ${g.phone} ${g.householdName} ${g.dietaryPreference}`
          .toLowerCase()
          .includes(part.toLowerCase()),
      ),
    ).toBe(true);
    expect((await queries.getGuestList(me, weddingId, { q: "%" }))!.guests).toHaveLength(0);
    expect((await queries.getGuestList(me, weddingId, { q: "' OR 1=1 --" }))!.guests).toHaveLength(0);
  });

  it("does not apply an event filter naming another wedding's event, and says so", async () => {
    const weddingId = myWeddings[2]!;
    const [theirEvent] = await rows<{ event_id: number }>("SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1", [
      otherWeddingId,
    ]);
    const all = (await queries.getGuestList(me, weddingId))!;
    const list = (await queries.getGuestList(me, weddingId, { event: theirEvent!.event_id, status: "not-invited" }))!;
    expect(list.ignoredEventFilter).toBe(true);
    expect(list.guests).toHaveLength(all.guests.length);
    expect(all.ignoredEventFilter).toBe(false);
  });

  it("gives versions that a write accepts, once", async () => {
    const weddingId = myWeddings[2]!;
    const list = (await queries.getGuestList(me, weddingId))!;
    const event = list.events.find((e) => e.offersMeal) ?? list.events[0]!;
    const guest = list.guests.find((g) => g.rsvps.some((r) => r.eventId === event.id && r.plusOnes === 0))!;
    const rsvp = guest.rsvps.find((r) => r.eventId === event.id)!;
    expect(rsvp.version).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const input = {
      weddingId,
      rsvpId: rsvp.rsvpId,
      version: rsvp.version,
      status: "Declined" as const,
      mealChoice: "" as const,
      plusOnes: 0,
      plusOneNames: [],
    };
    expect((await rsvps.setGuestRsvp(me, input)).ok).toBe(true);
    await expect(rsvps.setGuestRsvp(me, input)).rejects.toThrow(/changed by someone else/);
  });
});

describe("getGuestDetail", () => {
  it("shows one guest of the wedding with the household's plus-ones", async () => {
    const weddingId = myWeddings[0]!;
    const [guest] = await rows<{ guest_id: number; household_id: number }>(
      "SELECT guest_id, household_id FROM guest WHERE wedding_id = $1 ORDER BY guest_id LIMIT 1",
      [weddingId],
    );
    const detail = (await queries.getGuestDetail(me, weddingId, guest!.guest_id))!;
    expect(detail.guest.id).toBe(guest!.guest_id);
    const sums = await rows<{ event_id: number; n: number }>(
      `SELECT r.event_id, sum(r.plus_ones)::int AS n FROM event_rsvp r JOIN guest g USING (guest_id)
       WHERE g.household_id = $1 GROUP BY r.event_id ORDER BY r.event_id`,
      [guest!.household_id],
    );
    expect(detail.householdPlusOnes.sort((a, b) => a.eventId - b.eventId)).toEqual(
      sums.map((s) => ({ eventId: s.event_id, plusOnes: s.n })),
    );
  });

  it("is null for a guest of another wedding, even the planner's own, and for another planner's", async () => {
    const [mineElsewhere] = await rows<{ guest_id: number }>(
      "SELECT guest_id FROM guest WHERE wedding_id = $1 LIMIT 1",
      [myWeddings[1]],
    );
    expect(await queries.getGuestDetail(me, myWeddings[0]!, mineElsewhere!.guest_id)).toBeNull();
    const [theirs] = await rows<{ guest_id: number }>("SELECT guest_id FROM guest WHERE wedding_id = $1 LIMIT 1", [
      otherWeddingId,
    ]);
    expect(await queries.getGuestDetail(me, otherWeddingId, theirs!.guest_id)).toBeNull();
  });
});

describe("getWeddingHead", () => {
  it("names the planner's own wedding and nobody else's", async () => {
    const head = await queries.getWeddingHead(me, myWeddings[0]!);
    const [row] = await rows<{ wedding_name: string; d: string }>(
      "SELECT wedding_name, wedding_date::text AS d FROM wedding WHERE wedding_id = $1",
      [myWeddings[0]],
    );
    expect(head).toEqual({ id: myWeddings[0], name: row!.wedding_name, date: row!.d });
    expect(await queries.getWeddingHead(me, otherWeddingId)).toBeNull();
  });
});

describe("listGuestsForExport", () => {
  it("lists every guest once, and nothing of another planner's wedding", async () => {
    const weddingId = myWeddings[1]!;
    const exported = (await queries.listGuestsForExport(me, weddingId))!;
    const [count] = await rows<{ n: number }>("SELECT count(*)::int AS n FROM guest WHERE wedding_id = $1", [
      weddingId,
    ]);
    expect(exported.rows).toHaveLength(count!.n);
    expect(await queries.listGuestsForExport(me, otherWeddingId)).toBeNull();
  });
});

describe("getCatererReport", () => {
  it("counts heads, meals and dietary needs per event as plain SQL does", async () => {
    for (const weddingId of myWeddings) {
      const report = (await caterer.getCatererReport(me, weddingId))!;
      const events = await rows<{ event_id: number }>(
        "SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id",
        [weddingId],
      );
      expect(report.events.map((e) => e.id).sort((a, b) => a - b)).toEqual(events.map((e) => e.event_id));
      for (const event of report.events) {
        const [heads] = await rows<{ guests: number; plus_ones: number }>(
          `SELECT count(*)::int AS guests, coalesce(sum(plus_ones), 0)::int AS plus_ones
           FROM event_rsvp WHERE event_id = $1 AND status = 'Accepted'`,
          [event.id],
        );
        expect(event.acceptedGuests).toBe(heads!.guests);
        expect(event.plusOnes).toBe(heads!.plus_ones);
        expect(event.headcount).toBe(heads!.guests + heads!.plus_ones);
        const meals = await rows<{ meal: string; n: number }>(
          `SELECT coalesce(meal_choice, 'Not chosen yet') AS meal, count(*)::int AS n
           FROM event_rsvp WHERE event_id = $1 AND status = 'Accepted' GROUP BY 1`,
          [event.id],
        );
        const expectedMeals = Object.fromEntries(
          meals.filter((m) => event.offersMeal || m.meal !== "Not chosen yet").map((m) => [m.meal, m.n]),
        );
        expect(Object.fromEntries(event.meals.map((m) => [m.meal, m.count]))).toEqual(expectedMeals);
        if (event.offersMeal) expect(event.meals.reduce((sum, m) => sum + m.count, 0)).toBe(event.acceptedGuests);
        const accepted = new Set(
          (
            await rows<{ guest_id: number }>(
              "SELECT guest_id FROM event_rsvp WHERE event_id = $1 AND status = 'Accepted'",
              [event.id],
            )
          ).map((r) => r.guest_id),
        );
        const diets = await rows<{ guest_id: number; d: string | null }>(
          "SELECT guest_id, dietary_preference AS d FROM guest WHERE wedding_id = $1",
          [weddingId],
        );
        const expectedDiets: Record<string, number> = {};
        for (const g of diets) {
          if (!accepted.has(g.guest_id) || !g.d?.trim()) continue;
          const key = g.d.trim().toLowerCase();
          expectedDiets[key] = (expectedDiets[key] ?? 0) + 1;
        }
        expect(Object.fromEntries(event.dietary.map((d) => [d.need.toLowerCase(), d.count]))).toEqual(expectedDiets);
      }
    }
  });

  it("reports one event when asked, and nothing for another planner's wedding", async () => {
    const weddingId = myWeddings[0]!;
    const full = (await caterer.getCatererReport(me, weddingId))!;
    const one = (await caterer.getCatererReport(me, weddingId, full.events[0]!.id))!;
    expect(one.events).toEqual([full.events[0]]);
    const [theirEvent] = await rows<{ event_id: number }>("SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1", [
      otherWeddingId,
    ]);
    expect((await caterer.getCatererReport(me, weddingId, theirEvent!.event_id))!.events).toEqual([]);
    expect(await caterer.getCatererReport(me, otherWeddingId)).toBeNull();
  });

  it("writes a CSV with the counts and no names or contacts", async () => {
    const weddingId = myWeddings[0]!;
    const report = (await caterer.getCatererReport(me, weddingId))!;
    const text = caterer.catererCsv(report);
    expect(text.startsWith("\uFEFFevent,date,start,category,item,count\r\n")).toBe(true);
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const totals = parsed.records.filter((r) => r.fields[3] === "headcount" && r.fields[4] === "Total");
    expect(totals.map((r) => Number(r.fields[5]))).toEqual(report.events.map((e) => e.headcount));
    const people = await rows<{ full_name: string; email: string | null; phone: string | null }>(
      "SELECT full_name, email, phone FROM guest WHERE wedding_id = $1",
      [weddingId],
    );
    for (const p of people) {
      for (const value of [p.full_name, p.email, p.phone]) if (value) expect(text).not.toContain(value);
    }
  });
});
