import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Reserve from "./reserve";
import type * as Page from "./wedding-bookings";
import type * as WithIdentity from "@/lib/db/with-identity";
import { createBookingFixture, type BookingFixture } from "./test-fixture";

// Reserving and cancelling through the bookings page's server actions, as the
// browser calls them (FormData in, plain result out), against a real database
// as the app role. Only who is signed in is stubbed. The races are in
// race.integration-test.ts.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let fx: BookingFixture;
let actions: typeof Actions;
let reserve: typeof Reserve;
let page: typeof Page;
let withIdentity: typeof WithIdentity.withIdentity;
let disconnectApp: () => Promise<void>;

const as = (user: { userId: number }, role: "planner" | "admin" = "planner"): Identity => ({
  kind: "user",
  userId: user.userId,
  role,
});
const planner = (user: { userId: number }) => as(user) as Extract<Identity, { kind: "user" }>;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

/** Everything a booking action could change: bookings, vendors and the audit trail. */
async function snapshot() {
  const [row] = await rows<Record<string, string>>(
    `SELECT (SELECT md5(coalesce(string_agg(b::text, '|' ORDER BY booking_id), '')) FROM booking b) AS booking,
            (SELECT md5(string_agg(v::text, '|' ORDER BY vendor_id)) FROM vendor v) AS vendor,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
  return row;
}

async function reserveAs(identity: Identity, fields: Record<string, string | number>) {
  session.identity = identity;
  return actions.reserveBookingAction(null, form(fields));
}

async function cancelAs(identity: Identity, fields: Record<string, string | number>) {
  session.identity = identity;
  return actions.cancelBookingAction(null, form(fields));
}

async function bookingsOn(day: string) {
  return rows<{
    booking_id: number;
    wedding_id: number;
    venue_id: number | null;
    vendor_id: number | null;
    status: string;
    exclusive_day: boolean;
    total_cost: string;
    notes: string | null;
    client_id: number;
  }>(
    `SELECT booking_id, wedding_id, venue_id, vendor_id, status::text, exclusive_day, total_cost::text, notes, client_id
       FROM booking WHERE event_date = $1 ORDER BY booking_id`,
    [day],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  actions = await import("./actions");
  reserve = await import("./reserve");
  page = await import("./wedding-bookings");
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createBookingFixture(db.pool);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("the reservation transaction", () => {
  it("runs in READ COMMITTED, the level the row lock needs", async () => {
    const level = await withIdentity(
      as(fx.ana),
      (tx) => tx.$queryRaw<{ level: string }[]>`SELECT current_setting('transaction_isolation') AS level`,
    );
    expect(level).toEqual([{ level: "read committed" }]);
  });
});

describe("reserving a venue", () => {
  const day = "2029-03-14";

  it("books it for the wedding's couple, confirmed, and audits who did it", async () => {
    const result = await reserveAs(as(fx.ana), {
      weddingId: fx.weddings.rose,
      bookable: `venue:${fx.venues.grand}`,
      eventDate: day,
      totalCost: "4500.50",
      notes: "  Ceremony and dinner  ",
    });
    expect(result).toMatchObject({ ok: true, message: `Booked Venue Grand Hall for ${day}.` });
    const [booking] = await bookingsOn(day);
    const [rose] = await rows<{ client_id: number }>("SELECT client_id FROM wedding WHERE wedding_id = $1", [
      fx.weddings.rose,
    ]);
    expect(booking).toMatchObject({
      wedding_id: fx.weddings.rose,
      client_id: rose!.client_id,
      venue_id: fx.venues.grand,
      vendor_id: null,
      status: "Confirmed",
      exclusive_day: false,
      total_cost: "4500.50",
      notes: "Ceremony and dinner",
    });
    const audit = await rows<{ changed_by: string }>(
      `SELECT changed_by FROM audit_log WHERE table_name = 'booking' AND operation = 'INSERT' AND record_id = $1`,
      [booking!.booking_id],
    );
    expect(audit).toEqual([{ changed_by: `user:${fx.ana.userId}` }]);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${fx.weddings.rose}/bookings`);
  });

  it("refuses the same venue and day to another planner, with the conflict message, and changes nothing", async () => {
    const before = await snapshot();
    const result = await reserveAs(as(fx.ben), {
      weddingId: fx.weddings.iris,
      bookable: `venue:${fx.venues.grand}`,
      eventDate: day,
      totalCost: "100",
    });
    expect(result).toEqual({ ok: false, error: `Venue Grand Hall is already booked on ${day}` });
    expect(await snapshot()).toEqual(before);
  });

  it("books the same venue on another day", async () => {
    const result = await reserveAs(as(fx.ben), {
      weddingId: fx.weddings.iris,
      bookable: `venue:${fx.venues.grand}`,
      eventDate: "2029-03-15",
      totalCost: "0",
    });
    expect(result.ok).toBe(true);
  });

  it("lets only the wedding's planner cancel, and a cancelled booking frees the day", async () => {
    const [booking] = await bookingsOn(day);
    const fields = { weddingId: fx.weddings.rose, bookingId: booking!.booking_id, eventDate: day };
    const before = await snapshot();
    expect(await cancelAs(as(fx.ben), fields)).toEqual({ ok: false, error: reserve.BOOKING_GONE });
    expect(await cancelAs(as(fx.ben), { ...fields, weddingId: fx.weddings.iris })).toEqual({
      ok: false,
      error: reserve.BOOKING_GONE,
    });
    expect(await snapshot()).toEqual(before);

    expect(await cancelAs(as(fx.ana), fields)).toEqual({
      ok: true,
      message: `Cancelled the booking of Grand Hall on ${day}.`,
    });
    expect(await cancelAs(as(fx.ana), fields)).toEqual({
      ok: false,
      error: "The booking of Grand Hall is already cancelled.",
    });
    const taken = await reserveAs(as(fx.ben), {
      weddingId: fx.weddings.iris,
      bookable: `venue:${fx.venues.grand}`,
      eventDate: day,
      totalCost: "3000",
    });
    expect(taken.ok).toBe(true);
    expect((await bookingsOn(day)).map((b) => [b.wedding_id, b.status])).toEqual([
      [fx.weddings.rose, "Cancelled"],
      [fx.weddings.iris, "Confirmed"],
    ]);
  });

  it("refuses a completed booking's cancellation", async () => {
    const [booking] = await rows<{ booking_id: number }>(
      `INSERT INTO booking (client_id, wedding_id, venue_id, event_date, status, total_cost)
       SELECT client_id, wedding_id, $2, '2029-01-20', 'Completed', 10 FROM wedding WHERE wedding_id = $1
       RETURNING booking_id`,
      [fx.weddings.rose, fx.venues.tiny],
    );
    const result = await cancelAs(as(fx.ana), {
      weddingId: fx.weddings.rose,
      bookingId: booking!.booking_id,
      eventDate: "2029-01-20",
    });
    expect(result).toEqual({ ok: false, error: "The booking of Tiny Chapel is completed and cannot be cancelled." });
  });
});

describe("capacity", () => {
  it("refuses a venue smaller than the guest target", async () => {
    const before = await snapshot();
    const result = await reserveAs(as(fx.ana), {
      weddingId: fx.weddings.rose,
      bookable: `venue:${fx.venues.tiny}`,
      eventDate: "2029-04-01",
      totalCost: "100",
    });
    const message =
      "Venue Tiny Chapel holds at most 40 guests, but this wedding expects 80 (guest target 80; 0 invited with their plus-ones).";
    expect(result).toEqual({ ok: false, error: message, fieldErrors: { bookable: [message] } });
    expect(await snapshot()).toEqual(before);
  });

  it("counts the invited guests and their plus-ones when they outnumber the target", async () => {
    const refused = await reserveAs(as(fx.ana), {
      weddingId: fx.weddings.lily,
      bookable: `venue:${fx.venues.garden}`,
      eventDate: "2029-04-01",
      totalCost: "100",
    });
    expect(refused).toMatchObject({
      ok: false,
      error:
        "Venue Garden Room holds at most 12 guests, but this wedding expects 13 (guest target 10; 13 invited with their plus-ones).",
    });
    const booked = await reserveAs(as(fx.ana), {
      weddingId: fx.weddings.lily,
      bookable: `venue:${fx.venues.tiny}`,
      eventDate: "2029-04-01",
      totalCost: "100",
    });
    expect(booked.ok).toBe(true);
  });
});

describe("reserving a vendor", () => {
  const day = "2029-05-05";

  it("holds the day of a one-event-a-day vendor", async () => {
    const first = await reserveAs(as(fx.ana), {
      weddingId: fx.weddings.rose,
      bookable: `vendor:${fx.vendors.lens}`,
      eventDate: day,
      totalCost: "1800",
    });
    expect(first).toMatchObject({ ok: true, message: `Booked Vendor Lens & Light for ${day}.` });
    const before = await snapshot();
    const second = await reserveAs(as(fx.ben), {
      weddingId: fx.weddings.iris,
      bookable: `vendor:${fx.vendors.lens}`,
      eventDate: day,
      totalCost: "1800",
    });
    expect(second).toEqual({ ok: false, error: `Vendor Lens & Light is already booked on ${day}` });
    expect(await snapshot()).toEqual(before);
    expect((await bookingsOn(day)).map((b) => [b.vendor_id, b.exclusive_day])).toEqual([[fx.vendors.lens, true]]);
  });

  it("lets a vendor that takes several events a day be booked twice on one day", async () => {
    for (const [who, weddingId] of [
      [fx.ana, fx.weddings.rose],
      [fx.ben, fx.weddings.iris],
    ] as const) {
      const result = await reserveAs(as(who), {
        weddingId,
        bookable: `vendor:${fx.vendors.feast}`,
        eventDate: day,
        totalCost: "9000",
      });
      expect(result.ok).toBe(true);
    }
    const feast = (await bookingsOn(day)).filter((b) => b.vendor_id === fx.vendors.feast);
    expect(feast.map((b) => b.exclusive_day)).toEqual([false, false]);
  });

  it("refuses inactive and suspended vendors by name", async () => {
    const before = await snapshot();
    for (const [vendorId, message] of [
      [fx.vendors.sleepy, "Vendor Sleepy Strings is inactive and takes no bookings."],
      [fx.vendors.banned, "Vendor Banned Blooms is suspended and takes no bookings."],
    ] as const) {
      const result = await reserveAs(as(fx.ana), {
        weddingId: fx.weddings.rose,
        bookable: `vendor:${vendorId}`,
        eventDate: day,
        totalCost: "10",
      });
      expect(result).toEqual({ ok: false, error: message, fieldErrors: { bookable: [message] } });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("one event a day, in the database", () => {
  it("is copied onto each booking by a trigger that nobody can override", async () => {
    const [lens] = await rows<{ booking_id: number; event_date: string }>(
      `SELECT booking_id, event_date::text FROM booking WHERE vendor_id = $1 AND status <> 'Cancelled' LIMIT 1`,
      [fx.vendors.lens],
    );
    await withIdentity(as(fx.ana), async (tx) => {
      await tx.$executeRaw`UPDATE booking SET exclusive_day = false, notes = 'try'
                           WHERE booking_id = ${lens!.booking_id} AND event_date = ${lens!.event_date}::date`;
    });
    const [after] = await rows<{ exclusive_day: boolean; notes: string }>(
      `SELECT exclusive_day, notes FROM booking WHERE booking_id = $1`,
      [lens!.booking_id],
    );
    expect(after).toEqual({ exclusive_day: true, notes: "try" });
  });

  it("follows a vendor that switches, and refuses the switch while two live bookings share a day", async () => {
    const admin = as(fx.admin, "admin");
    const switchFeast = (value: boolean) =>
      withIdentity(
        admin,
        (tx) => tx.$executeRaw`UPDATE vendor SET one_event_per_day = ${value} WHERE vendor_id = ${fx.vendors.feast}`,
      );
    await expect(switchFeast(true)).rejects.toThrow(/booking_vendor_day_key|unique/i);
    const [one] = await rows<{ booking_id: number; event_date: string }>(
      `SELECT booking_id, event_date::text FROM booking WHERE vendor_id = $1 ORDER BY booking_id DESC LIMIT 1`,
      [fx.vendors.feast],
    );
    const cancelled = await cancelAs(as(fx.ben), {
      weddingId: fx.weddings.iris,
      bookingId: one!.booking_id,
      eventDate: one!.event_date,
    });
    expect(cancelled.ok).toBe(true);
    await switchFeast(true);
    const flags = await rows<{ status: string; exclusive_day: boolean }>(
      `SELECT status::text, exclusive_day FROM booking WHERE vendor_id = $1 ORDER BY booking_id`,
      [fx.vendors.feast],
    );
    expect(flags).toEqual([
      { status: "Confirmed", exclusive_day: true },
      { status: "Cancelled", exclusive_day: true },
    ]);
    await switchFeast(false);
    expect(
      (await rows(`SELECT 1 FROM booking WHERE vendor_id = $1 AND exclusive_day`, [fx.vendors.feast])).length,
    ).toBe(0);
  });

  it("lets a planner lock a venue or vendor row for a reservation, never change it", async () => {
    await expect(
      withIdentity(
        as(fx.ana),
        (tx) => tx.$executeRaw`UPDATE venue SET capacity = 1 WHERE venue_id = ${fx.venues.grand}`,
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withIdentity(
        as(fx.ana),
        (tx) => tx.$executeRaw`UPDATE vendor SET one_event_per_day = false WHERE vendor_id = ${fx.vendors.lens}`,
      ),
    ).rejects.toThrow(/row-level security/);
    const [lens] = await rows<{ one_event_per_day: boolean }>(
      "SELECT one_event_per_day FROM vendor WHERE vendor_id = $1",
      [fx.vendors.lens],
    );
    expect(lens).toEqual({ one_event_per_day: true });
  });
});

describe("bad input changes nothing", () => {
  const good = () => ({
    weddingId: fx.weddings.rose,
    bookable: `venue:${fx.venues.grand}`,
    eventDate: "2029-09-09",
    totalCost: "100.00",
    notes: "",
  });

  it.each([
    ["an empty form", {}, ["weddingId", "bookable", "eventDate", "totalCost"]],
    ["a wedding id that is not a number", { weddingId: "abc" }, ["weddingId"]],
    ["nothing chosen", { bookable: "" }, ["bookable"]],
    ["something that is neither venue nor vendor", { bookable: "room:1" }, ["bookable"]],
    ["a venue id that is not a number", { bookable: "venue:1e3" }, ["bookable"]],
    ["venue zero", { bookable: "venue:0" }, ["bookable"]],
    ["an id too large", { bookable: "venue:9999999999" }, ["bookable"]],
    ["no date", { eventDate: "" }, ["eventDate"]],
    ["a day that does not exist", { eventDate: "2029-02-30" }, ["eventDate"]],
    ["a date in words", { eventDate: "next friday" }, ["eventDate"]],
    ["a negative total", { totalCost: "-5" }, ["totalCost"]],
    ["a total in words", { totalCost: "lots" }, ["totalCost"]],
    ["three decimals", { totalCost: "10.005" }, ["totalCost"]],
    ["a total too large", { totalCost: "100000000000" }, ["totalCost"]],
    ["notes too long", { notes: "x".repeat(2001) }, ["notes"]],
  ] as const)("%s", async (_label, change, fields) => {
    const before = await snapshot();
    const input: Record<string, string | number> = Object.keys(change).length ? { ...good(), ...change } : {};
    const result = await reserveAs(as(fx.ana), input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([...fields].sort());
    expect(await snapshot()).toEqual(before);
  });

  it("a day in the past", async () => {
    const before = await snapshot();
    const result = await reserveAs(as(fx.ana), { ...good(), eventDate: "2020-06-01" });
    expect(result).toEqual({ ok: false, error: reserve.PAST_DAY, fieldErrors: { eventDate: [reserve.PAST_DAY] } });
    await expect(
      reserve.reserveBooking(
        planner(fx.ana),
        { ...good(), bookable: { kind: "venue", id: fx.venues.grand }, eventDate: "2026-11-22", notes: undefined },
        "2026-11-23",
      ),
    ).rejects.toThrow(reserve.PAST_DAY);
    expect(await snapshot()).toEqual(before);
  });

  it("unknown venue and vendor ids", async () => {
    const before = await snapshot();
    for (const bookable of ["venue:999999", "vendor:999999"]) {
      expect(await reserveAs(as(fx.ana), { ...good(), bookable })).toEqual({
        ok: false,
        error: "Please correct the highlighted fields.",
        fieldErrors: { bookable: [reserve.CHOOSE_BOOKABLE] },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("another planner's wedding, an unknown wedding, a cancelled wedding", async () => {
    const before = await snapshot();
    expect(await reserveAs(as(fx.ben), good())).toEqual({
      ok: false,
      error: "This wedding does not exist, or it is not yours to change.",
    });
    expect(await reserveAs(as(fx.ana), { ...good(), weddingId: 999_999 })).toMatchObject({ ok: false });
    expect(await reserveAs(as(fx.ana), { ...good(), weddingId: fx.weddings.gone })).toEqual({
      ok: false,
      error: reserve.WEDDING_CLOSED,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("a vendor or a signed-out visitor", async () => {
    const before = await snapshot();
    expect(await reserveAs({ kind: "user", userId: fx.ana.userId, role: "vendor" }, good())).toEqual({
      ok: false,
      error: "Not found.",
    });
    session.identity = null;
    expect(await actions.reserveBookingAction(null, form(good()))).toEqual({ ok: false, error: "Not found." });
    expect(await snapshot()).toEqual(before);
  });

  it("cancelling with bad ids", async () => {
    const before = await snapshot();
    for (const fields of [
      {} as Record<string, string | number>,
      { weddingId: fx.weddings.rose, bookingId: "x", eventDate: "2029-03-14" },
      { weddingId: fx.weddings.rose, bookingId: 999_999, eventDate: "2029-03-14" },
      { weddingId: fx.weddings.rose, bookingId: 1, eventDate: "not a day" },
    ]) {
      expect((await cancelAs(as(fx.ana), fields)).ok).toBe(false);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("partitions", () => {
  it("puts each booking in the quarter partition of its event day", async () => {
    const placed: Record<string, string> = {};
    for (const day of ["2027-02-14", "2028-08-01", "2030-12-31"]) {
      const result = await reserveAs(as(fx.ben), {
        weddingId: fx.weddings.iris,
        bookable: `vendor:${fx.vendors.lens}`,
        eventDate: day,
        totalCost: "500",
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const [row] = await rows<{ partition: string }>(
        "SELECT tableoid::regclass::text AS partition FROM booking WHERE booking_id = $1",
        [(result as { bookingId: number }).bookingId],
      );
      placed[day] = row!.partition;
    }
    expect(placed).toEqual({
      "2027-02-14": "booking_2027_q1",
      "2028-08-01": "booking_2028_q3",
      "2030-12-31": "booking_2030_q4",
    });
  });

  it("the report's row distribution query agrees with a count of every partition, and nothing is in the default", async () => {
    // Section 3.2's validation query, verbatim.
    const report = await rows<{ partition_name: string; row_count: string }>(`
      SELECT
      tableoid::regclass AS partition_name,
      COUNT(*) AS row_count
      FROM booking
      GROUP BY tableoid
      ORDER BY partition_name;`);
    // Ours: every partition, empty ones and the default too, in name order,
    // each counted on its own (pg_stat_user_tables.n_live_tup is an estimate).
    const ours = await rows<{ partition_name: string; row_count: string }>(`
      SELECT c.relname AS partition_name,
             (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                                                  false, true, '')))[1]::text AS row_count
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.inhparent = 'booking'::regclass
      ORDER BY c.relname`);
    const total = await rows<{ n: string }>("SELECT count(*)::text AS n FROM booking");
    expect(ours.length).toBeGreaterThanOrEqual(41);
    const nonEmpty = ours.filter((r) => r.row_count !== "0");
    expect(report.map((r) => [String(r.partition_name), String(r.row_count)]).sort()).toEqual(
      nonEmpty.map((r) => [r.partition_name, r.row_count]).sort(),
    );
    expect(nonEmpty.reduce((sum, r) => sum + Number(r.row_count), 0)).toBe(Number(total[0]!.n));
    expect(nonEmpty.map((r) => r.partition_name)).toEqual(
      expect.arrayContaining(["booking_2027_q1", "booking_2028_q3", "booking_2029_q1", "booking_2030_q4"]),
    );
    expect(ours.find((r) => r.partition_name === "booking_default")).toEqual({
      partition_name: "booking_default",
      row_count: "0",
    });
  });
});

describe("the bookings page", () => {
  it("lists the wedding's bookings with names and money as text, filtered by status", async () => {
    const rose = await page.getWeddingBookingsPage(as(fx.ana), fx.weddings.rose);
    expect(rose?.wedding).toMatchObject({ name: "Rose & Sam", expectedGuests: 80, currency: "EUR" });
    expect(rose?.bookings).toContainEqual(
      expect.objectContaining({
        kind: "venue",
        name: "Grand Hall",
        category: "Venue",
        eventDate: "2029-03-14",
        status: "Cancelled",
        totalCost: "4500.50",
      }),
    );
    expect(rose?.bookings).toContainEqual(
      expect.objectContaining({ kind: "vendor", name: "Lens & Light", category: "Photography", status: "Confirmed" }),
    );
    const days = rose!.bookings.map((b) => b.eventDate);
    expect(days).toEqual([...days].sort());
    expect(rose!.vendors.map((v) => v.name)).toEqual(["Feast Co", "Lens & Light"]);
    expect(rose!.venues.map((v) => v.name)).toEqual(["Garden Room", "Grand Hall", "Tiny Chapel"]);
    expect(rose!.statusCounts.Cancelled).toBe(1);

    const cancelled = await page.getWeddingBookingsPage(as(fx.ana), fx.weddings.rose, { status: "Cancelled" });
    expect(cancelled!.bookings.map((b) => b.status)).toEqual(["Cancelled"]);
    const lily = await page.getWeddingBookingsPage(as(fx.ana), fx.weddings.lily);
    expect(lily!.wedding.expectedGuests).toBe(13);
  });

  it("is not there for another planner", async () => {
    expect(await page.getWeddingBookingsPage(as(fx.ben), fx.weddings.rose)).toBeNull();
  });
});
