import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import { listPlanners } from "@/lib/payments/test-fixtures";
import type * as Queries from "./queries";
import type * as WeddingBookings from "./wedding-bookings";

// A couple's booking history and a venue's taken days (issue #6's workload),
// as the bookings page reads them.

let db: TestDatabase;
let q: typeof Queries;
let page: typeof WeddingBookings;
let disconnectApp: () => Promise<void>;
let plannerA: Identity;
let plannerB: Identity;
let weddingsA: number[];
let weddingsB: number[];

const planner = (userId: number): Identity => ({ kind: "user", userId, role: "planner" });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  q = await import("./queries");
  page = await import("./wedding-bookings");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const [a, b] = await listPlanners(db);
  plannerA = planner(a!.userId);
  plannerB = planner(b!.userId);
  weddingsA = a!.weddingIds;
  weddingsB = b!.weddingIds;
}, 240_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

async function clientWithBookings(weddingIds: number[]): Promise<{ clientId: number; weddingId: number }> {
  const { rows } = await db.pool.query<{ client_id: number; wedding_id: number }>(
    `SELECT w.client_id, w.wedding_id FROM wedding w WHERE w.wedding_id = ANY($1::int[])
       AND EXISTS (SELECT 1 FROM booking b WHERE b.client_id = w.client_id) ORDER BY w.wedding_id LIMIT 1`,
    [weddingIds],
  );
  if (!rows[0]) throw new Error("The demo has no booked wedding for this planner.");
  return { clientId: rows[0].client_id, weddingId: rows[0].wedding_id };
}

describe("getClientBookingHistory", () => {
  it("lists every booking of the couple, latest booked first, with its wedding, supplier and money as text", async () => {
    const { clientId } = await clientWithBookings(weddingsA);
    const expected = await db.pool.query<{ booking_id: number }>(
      "SELECT booking_id FROM booking WHERE client_id = $1 ORDER BY booking_date DESC, booking_id DESC",
      [clientId],
    );
    const history = await q.getClientBookingHistory(plannerA, clientId);
    expect(history.map((b) => b.id)).toEqual(expected.rows.map((r) => r.booking_id));
    for (const booking of history) {
      expect(booking.totalCost).toMatch(/^\d+\.\d{2}$/);
      expect(booking.bookedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(booking.category === "Venue").toBe(booking.kind === "venue");
      expect(booking.name).not.toBe("");
      expect(booking.currency).toMatch(/^[A-Z]{3}$/);
    }
  });

  it("shows another planner nothing of the couple, and an unknown client nothing", async () => {
    const { clientId } = await clientWithBookings(weddingsA);
    expect(await q.getClientBookingHistory(plannerB, clientId)).toEqual([]);
    expect(await q.getClientBookingHistory(plannerA, 2_000_000_000)).toEqual([]);
  });

  it("comes with the bookings page, for the wedding's couple", async () => {
    const { clientId, weddingId } = await clientWithBookings(weddingsA);
    const data = await page.getWeddingBookingsPage(plannerA, weddingId);
    expect(data!.wedding.clientId).toBe(clientId);
    expect(data!.wedding.couple).not.toBe("");
    expect(data!.history.map((b) => b.id)).toEqual(
      (await q.getClientBookingHistory(plannerA, clientId)).map((b) => b.id),
    );
  });
});

describe("getVenueBookedDays", () => {
  async function bookedVenueDay(weddingIds: number[]) {
    const { rows } = await db.pool.query<{ venue_id: number; day: string; booking_id: number }>(
      `SELECT venue_id, event_date::text AS day, booking_id FROM booking
       WHERE wedding_id = ANY($1::int[]) AND venue_id IS NOT NULL AND status <> 'Cancelled' ORDER BY booking_id LIMIT 1`,
      [weddingIds],
    );
    if (!rows[0]) throw new Error("The demo has no live venue booking for this planner.");
    return rows[0];
  }

  const shift = (day: string, days: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  it("shows a planner the days another planner has booked, and nothing of whose they are", async () => {
    const theirs = await bookedVenueDay(weddingsB);
    const days = await q.getVenueBookedDays(plannerA, theirs.venue_id, shift(theirs.day, -30), shift(theirs.day, 30));
    expect(days).toContain(theirs.day);
    expect(days).toEqual([...days].sort());
    // Row-level security alone would have hidden it.
    const own = await page.getWeddingBookingsPage(plannerA, weddingsA[0]!);
    expect(own!.history.some((b) => b.id === theirs.booking_id)).toBe(false);
  });

  it("includes both ends of the range, and drops cancelled bookings", async () => {
    const theirs = await bookedVenueDay(weddingsB);
    expect(await q.getVenueBookedDays(plannerA, theirs.venue_id, theirs.day, theirs.day)).toEqual([theirs.day]);
    expect(
      await q.getVenueBookedDays(plannerA, theirs.venue_id, shift(theirs.day, 1), shift(theirs.day, 40)),
    ).not.toContain(theirs.day);
    const { rows } = await db.pool.query<{ status: string }>(
      "UPDATE booking SET status = 'Cancelled' WHERE booking_id = $1 RETURNING (SELECT status::text FROM booking WHERE booking_id = $1)",
      [theirs.booking_id],
    );
    try {
      expect(await q.getVenueBookedDays(plannerA, theirs.venue_id, theirs.day, theirs.day)).toEqual([]);
    } finally {
      await db.pool.query("UPDATE booking SET status = $2::booking_status WHERE booking_id = $1", [
        theirs.booking_id,
        rows[0]!.status,
      ]);
    }
  });

  it("answers a vendor and a guest with nothing", async () => {
    const theirs = await bookedVenueDay(weddingsB);
    const vendor: Identity = { kind: "user", userId: plannerA.kind === "user" ? plannerA.userId : 0, role: "vendor" };
    expect(await q.getVenueBookedDays(vendor, theirs.venue_id, theirs.day, theirs.day)).toEqual([]);
    expect(
      await q.getVenueBookedDays(
        { kind: "guest", guestToken: "no-such-token" },
        theirs.venue_id,
        theirs.day,
        theirs.day,
      ),
    ).toEqual([]);
  });

  it("refuses a bad range before it reaches the database", async () => {
    const theirs = await bookedVenueDay(weddingsB);
    await expect(q.getVenueBookedDays(plannerA, theirs.venue_id, "2027-06-12", "2027-06-11")).rejects.toThrow(
      /end before/,
    );
    await expect(q.getVenueBookedDays(plannerA, theirs.venue_id, "2027-01-01", "2028-01-02")).rejects.toThrow(
      /at most 366/,
    );
    await expect(q.getVenueBookedDays(plannerA, theirs.venue_id, "12/06/2027", "2027-06-12")).rejects.toThrow(
      /Invalid/,
    );
    await expect(q.getVenueBookedDays(plannerA, 0, "2027-06-12", "2027-06-12")).rejects.toThrow(/Invalid/);
    await expect(q.getVenueBookedDays(plannerA, 1.5, "2027-06-12", "2027-06-12")).rejects.toThrow(/Invalid/);
    expect(await q.getVenueBookedDays(plannerA, 2_000_000_000, "2027-06-12", "2027-06-12")).toEqual([]);
  });
});
