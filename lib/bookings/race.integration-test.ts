import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { AppPrismaClient } from "@/lib/db/client";
import type { IdentityOptions } from "@/lib/db/with-identity";
import type * as Reserve from "./reserve";
import type { TBookable } from "./schema";
import { violatedDayIndex } from "./conflicts";
import { createBookingFixture, type BookingFixture } from "./test-fixture";

// Fifty planners' browsers press "Book" for the same venue and day at once.
// Each attempt runs the app's own reservation code on a connection of its
// own (a Prisma client with a pool of one), so nothing in the app serialises
// them. To be sure they really overlap, a gate transaction holds the venue's
// row lock until all fifty are waiting for it in PostgreSQL; then it lets go.

const ATTEMPTS = 50;
const TODAY = "2026-11-23";
const APP_NAME = "booking-race";

let db: TestDatabase;
let fx: BookingFixture;
let reserve: typeof Reserve;
let clients: AppPrismaClient[] = [];
let disconnectApp: () => Promise<void>;

/** `index`: the unique index whose violation the refusal came from; null when the NOT EXISTS check refused. */
type Outcome = { ok: true; bookingId: number } | { ok: false; message: string; index: string | null };

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function waitingForLocks(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'`,
    [APP_NAME],
  );
  return row!.n;
}

/**
 * `count` attempts for `target` on `day`, alternating between Ana's and Ben's
 * weddings, released together once every one of them waits on the row lock.
 */
async function race(
  target: TBookable,
  day: string,
  options: { count?: number; isolationLevel?: IdentityOptions["isolationLevel"] } = {},
): Promise<{ outcomes: Outcome[]; waiting: number }> {
  const count = options.count ?? ATTEMPTS;
  const gate = await db.pool.connect();
  try {
    await gate.query("BEGIN");
    const table =
      target.kind === "venue" ? "SELECT 1 FROM venue WHERE venue_id = $1" : "SELECT 1 FROM vendor WHERE vendor_id = $1";
    expect((await gate.query(`${table} FOR UPDATE`, [target.id])).rowCount).toBe(1);
    const attempts = clients.slice(0, count).map((client, i) => {
      const [user, weddingId] = i % 2 === 0 ? [fx.ana, fx.weddings.rose] : [fx.ben, fx.weddings.iris];
      return reserve
        .reserveBooking(
          { kind: "user", userId: user.userId, role: "planner" },
          { weddingId, bookable: target, eventDate: day, totalCost: "1000.00", notes: `attempt ${i}` },
          TODAY,
          { client, isolationLevel: options.isolationLevel },
        )
        .then(
          (result): Outcome => {
            if (!result.ok) throw new Error(`refused without an exception: ${result.error}`);
            return { ok: true, bookingId: result.bookingId };
          },
          (error: Error): Outcome => ({ ok: false, message: error.message, index: violatedDayIndex(error.cause) }),
        );
    });
    let waiting = 0;
    const deadline = Date.now() + 20_000;
    while (waiting < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      waiting = await waitingForLocks();
    }
    await gate.query("COMMIT");
    return { outcomes: await Promise.all(attempts), waiting };
  } finally {
    gate.release();
  }
}

/** Section 4.2's validation query, verbatim. */
const REPORT_DOUBLE_BOOKING_QUERY = `SELECT venue_id, event_date, COUNT(*) AS booking_count FROM booking WHERE status != 'Cancelled' GROUP BY venue_id, event_date HAVING COUNT(*) > 1 ORDER BY booking_count DESC;`;

/** Ours: vendor bookings have no venue, so they are left out; and the same check for one-event-a-day vendors. */
const VENUE_DOUBLE_BOOKING_QUERY = `
  SELECT venue_id, event_date, COUNT(*) AS booking_count FROM booking
  WHERE status != 'Cancelled' AND venue_id IS NOT NULL
  GROUP BY venue_id, event_date HAVING COUNT(*) > 1 ORDER BY booking_count DESC`;
const VENDOR_DOUBLE_BOOKING_QUERY = `
  SELECT b.vendor_id, b.event_date, COUNT(*) AS booking_count
  FROM booking b JOIN vendor v ON v.vendor_id = b.vendor_id
  WHERE b.status != 'Cancelled' AND v.one_event_per_day
  GROUP BY b.vendor_id, b.event_date HAVING COUNT(*) > 1 ORDER BY booking_count DESC`;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  reserve = await import("./reserve");
  const { createAppClient, getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createBookingFixture(db.pool);
  clients = Array.from({ length: ATTEMPTS }, () => createAppClient({ poolSize: 1, applicationName: APP_NAME }));
  // Connect every client before the race, so the attempts start together.
  await Promise.all(clients.map((client) => client.$queryRaw`SELECT 1`));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
  await disconnectApp?.();
  await db?.drop();
});

describe(`${ATTEMPTS} planners booking one venue for one day at once`, () => {
  it("in READ COMMITTED: exactly one gets it, the others the conflict message from the NOT EXISTS check", async () => {
    const day = "2028-06-12";
    const { outcomes, waiting } = await race({ kind: "venue", id: fx.venues.grand }, day);
    expect(waiting, "every attempt waited on the row lock at the same time").toBe(ATTEMPTS);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(ATTEMPTS - 1);
    for (const o of refused)
      expect(o).toEqual({ ok: false, message: `Venue Grand Hall is already booked on ${day}`, index: null });
    const live = await rows("SELECT 1 FROM booking WHERE venue_id = $1 AND event_date = $2", [fx.venues.grand, day]);
    expect(live).toHaveLength(1);
    expect(await rows(REPORT_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });

  it("in REPEATABLE READ: the NOT EXISTS check misses the winner, and the unique index refuses the others", async () => {
    const day = "2028-06-13";
    const { outcomes, waiting } = await race({ kind: "venue", id: fx.venues.grand }, day, {
      isolationLevel: "RepeatableRead",
    });
    expect(waiting).toBe(ATTEMPTS);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    // Every loser read a snapshot from before the winner committed, so the
    // report's check let it through to the INSERT: only the index stopped it.
    for (const o of outcomes.filter((o) => !o.ok)) {
      expect(o).toEqual({
        ok: false,
        message: `Venue Grand Hall is already booked on ${day}`,
        index: "booking_venue_day_key",
      });
    }
    expect(
      await rows("SELECT 1 FROM booking WHERE venue_id = $1 AND event_date = $2", [fx.venues.grand, day]),
    ).toHaveLength(1);
    expect(await rows(REPORT_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });
});

describe(`${ATTEMPTS} planners booking one vendor for one day at once`, () => {
  it("a one-event-a-day vendor: exactly one gets it, the others the conflict message", async () => {
    const day = "2028-07-01";
    const { outcomes, waiting } = await race({ kind: "vendor", id: fx.vendors.lens }, day);
    expect(waiting).toBe(ATTEMPTS);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok)) {
      expect(o).toEqual({ ok: false, message: `Vendor Lens & Light is already booked on ${day}`, index: null });
    }
    expect(await rows(VENDOR_DOUBLE_BOOKING_QUERY)).toEqual([]);
    expect(await rows(REPORT_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });

  it("the same under REPEATABLE READ, through booking_vendor_day_key", async () => {
    const day = "2028-07-02";
    const { outcomes } = await race({ kind: "vendor", id: fx.vendors.lens }, day, { isolationLevel: "RepeatableRead" });
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok)) {
      expect(o).toEqual({
        ok: false,
        message: `Vendor Lens & Light is already booked on ${day}`,
        index: "booking_vendor_day_key",
      });
    }
    expect(await rows(VENDOR_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });

  it("a vendor that takes several events a day: every booking goes through", async () => {
    const day = "2028-07-03";
    const { outcomes, waiting } = await race({ kind: "vendor", id: fx.vendors.feast }, day, { count: 10 });
    expect(waiting).toBe(10);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const booked = await rows<{ n: number }>(
      "SELECT count(*)::int AS n FROM booking WHERE vendor_id = $1 AND event_date = $2 AND status <> 'Cancelled'",
      [fx.vendors.feast, day],
    );
    expect(booked).toEqual([{ n: 10 }]);
    expect(await rows(VENDOR_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });
});

describe("the report's double-booking validation query", () => {
  it("counts vendor bookings (no venue) as one venue's double booking; ours leaves them out", async () => {
    // The caterer's ten bookings of 2028-07-03 have venue_id NULL, and GROUP BY
    // puts NULLs together: a false alarm (docs/seed-conformance.md, 4.2-f).
    const report = await rows<{ venue_id: number | null; event_date: Date; booking_count: string }>(
      REPORT_DOUBLE_BOOKING_QUERY,
    );
    expect(report.map((r) => [r.venue_id, r.booking_count])).toEqual([[null, "10"]]);
    expect(await rows(VENUE_DOUBLE_BOOKING_QUERY)).toEqual([]);
    expect(await rows(VENDOR_DOUBLE_BOOKING_QUERY)).toEqual([]);
  });

  it("is empty after every race: one live booking per venue and day", async () => {
    const perDay = await rows<{ event_date: string; n: number }>(
      `SELECT event_date::text, count(*)::int AS n FROM booking
        WHERE venue_id = $1 AND status <> 'Cancelled' GROUP BY event_date ORDER BY event_date`,
      [fx.venues.grand],
    );
    expect(perDay).toEqual([
      { event_date: "2028-06-12", n: 1 },
      { event_date: "2028-06-13", n: 1 },
    ]);
  });
});
