import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { findGuestRsvpStateDifferences } from "@/lib/guests/rsvp-state-check";
import { loadBenchData, type LoadProgress, type LoadReport } from "./load";
import { SCALES } from "./scales";
import { BENCH_TERMS } from "./vocabulary";

// The benchmark loader at `small` scale on a throwaway database: exact row
// counts, every dropped index rebuilt, nothing in a default partition,
// consistent foreign keys although their checks were off, the skews the
// issue asks for, and the audit trail untouched.

let db: TestDatabase;
let report: LoadReport;
const events: LoadProgress[] = [];
const small = SCALES.small;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query(sql, params);
  return rows[0] as T;
}

beforeAll(async () => {
  db = await createTestDatabase("wp_bench");
  report = await loadBenchData(db.url, "small", { onProgress: (e) => events.push(e) });
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe("loadBenchData (small)", () => {
  it("loads the scale's exact sizes", async () => {
    const counts = await one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM vendor)::int AS vendors, (SELECT count(*) FROM booking)::int AS bookings,
              (SELECT count(*) FROM payment)::int AS payments, (SELECT count(*) FROM wedding)::int AS weddings,
              (SELECT count(*) FROM planner)::int AS planners, (SELECT count(DISTINCT wedding_id) FROM guest)::int AS full`,
    );
    expect(counts).toEqual({
      vendors: small.vendors,
      bookings: small.bookings,
      payments: small.payments,
      weddings: small.weddings,
      planners: small.planners,
      full: small.fullWeddings,
    });
    expect(report.rows.booking).toBe(small.bookings);
  });

  it("rebuilds every index it dropped and leaves the default partitions empty", async () => {
    expect(await one("SELECT count(*)::int AS n FROM bench_index_stash")).toEqual({ n: 0 });
    const invalid = await one<{ n: number }>("SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid");
    expect(invalid.n).toBe(0);
    for (const idx of [
      "idx_guest_wedding",
      "idx_vendor_description_gin",
      "idx_payment_pending",
      "event_rsvp_wedding_id_idx",
    ]) {
      expect(await one("SELECT to_regclass($1) IS NOT NULL AS ok", [`public.${idx}`])).toEqual({ ok: true });
    }
    expect(
      await one(
        "SELECT (SELECT count(*) FROM booking_default)::int + (SELECT count(*) FROM payment_default)::int AS n",
      ),
    ).toEqual({ n: 0 });
  });

  it("fills guest_rsvp_state as its triggers would have", async () => {
    expect(await findGuestRsvpStateDifferences(db.pool)).toEqual([]);
    const { n } = await one<{ n: number }>("SELECT count(*)::int AS n FROM guest_rsvp_state");
    expect(n).toBeGreaterThan(0);
    expect(report.rows.guest_rsvp_state).toBe(n);
  });

  it("keeps every foreign key true although its checks were off", async () => {
    const orphans = await one<Record<string, number>>(
      `SELECT
         (SELECT count(*) FROM guest g LEFT JOIN household h ON h.household_id = g.household_id AND h.wedding_id = g.wedding_id WHERE h IS NULL)::int AS guests,
         (SELECT count(*) FROM event_rsvp r LEFT JOIN guest g ON g.guest_id = r.guest_id AND g.wedding_id = r.wedding_id WHERE g IS NULL)::int AS rsvp_guests,
         (SELECT count(*) FROM event_rsvp r LEFT JOIN event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id WHERE e IS NULL)::int AS rsvp_events,
         (SELECT count(*) FROM payment p LEFT JOIN booking b ON b.booking_id = p.booking_id AND b.event_date = p.booking_event_date AND b.wedding_id = p.wedding_id WHERE b IS NULL)::int AS payments,
         (SELECT count(*) FROM booking b LEFT JOIN wedding w ON w.wedding_id = b.wedding_id AND w.client_id = b.client_id WHERE w IS NULL)::int AS bookings,
         (SELECT count(*) FROM booking b LEFT JOIN vendor v ON v.vendor_id = b.vendor_id WHERE b.vendor_id IS NOT NULL AND v IS NULL)::int AS vendors,
         (SELECT count(*) FROM expense x LEFT JOIN event e ON e.event_id = x.event_id AND e.wedding_id = x.wedding_id WHERE x.event_id IS NOT NULL AND e IS NULL)::int AS expenses`,
    );
    expect(orphans).toEqual({
      guests: 0,
      rsvp_guests: 0,
      rsvp_events: 0,
      payments: 0,
      bookings: 0,
      vendors: 0,
      expenses: 0,
    });
    // Every guest answers for every event of their wedding.
    const rsvps = await one<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM guest g JOIN event e ON e.wedding_id = g.wedding_id
        LEFT JOIN event_rsvp r ON r.guest_id = g.guest_id AND r.event_id = e.event_id WHERE r IS NULL`,
    );
    expect(rsvps.missing).toBe(0);
    // The sequences continue after the loaded ids.
    const next = await one<{ ok: boolean }>(
      "SELECT nextval('guest_guest_id_seq') > (SELECT max(guest_id) FROM guest) AS ok",
    );
    expect(next.ok).toBe(true);
  });

  it("gives every planner 50 weddings and every wedding 10 bookings on its day", async () => {
    const shape = await one<{ planners: number; per_wedding: number; off_day: number }>(
      `SELECT (SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM wedding GROUP BY planner_id) x)::int AS planners,
              (SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM booking GROUP BY wedding_id) x)::int AS per_wedding,
              (SELECT count(*) FROM booking b JOIN wedding w USING (wedding_id) WHERE b.event_date <> w.wedding_date)::int AS off_day`,
    );
    expect(shape).toEqual({ planners: 1, per_wedding: 1, off_day: 0 });
  });

  it("skews the data: Saturdays, June and September, popular venues, ~30% Pending", async () => {
    const days = await one<{ saturday: number; june_sept: number }>(
      `SELECT avg((extract(dow FROM wedding_date) = 6)::int)::float8 AS saturday,
              avg((extract(month FROM wedding_date) IN (6, 9))::int)::float8 AS june_sept FROM wedding`,
    );
    expect(days.saturday).toBeGreaterThan(0.45);
    expect(days.june_sept).toBeGreaterThan(0.25);
    const pending = await one<{ share: number }>(
      "SELECT avg((status = 'Pending')::int)::float8 AS share FROM event_rsvp",
    );
    expect(pending.share).toBeGreaterThan(0.2);
    expect(pending.share).toBeLessThan(0.4);
    const venues = await one<{ top: number; tail: number }>(
      `SELECT (SELECT count(*) FROM booking WHERE venue_id <= 10)::float8 / 10 AS top,
              (SELECT count(*) FROM booking WHERE venue_id > $1)::float8 / ($2 - $1) AS tail`,
      [200, small.venues],
    );
    expect(venues.top).toBeGreaterThan(venues.tail * 3);
  });

  it("makes common terms match thousands of vendors and rare ones a handful", async () => {
    const count = async (term: string) =>
      (
        await one<{ n: number }>(
          "SELECT count(*)::int AS n FROM vendor WHERE description_tsv @@ websearch_to_tsquery('english', $1)",
          [term],
        )
      ).n;
    for (const term of BENCH_TERMS.common) expect(await count(term)).toBeGreaterThan(small.vendors * 0.03);
    for (const term of BENCH_TERMS.rare) {
      const n = await count(term);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(small.vendors * 0.001);
    }
  });

  it("writes no audit rows for the loaded rows and refreshes the revenue view", async () => {
    // The view's refresh records itself in matview_refresh, audited as usual.
    expect(await one("SELECT count(*)::int AS n FROM audit_log WHERE table_name <> 'matview_refresh'")).toEqual({
      n: 0,
    });
    const revenue = await one<{ n: number }>("SELECT count(*)::int AS n FROM mv_monthly_revenue");
    expect(revenue.n).toBeGreaterThan(12);
  });

  it("reports progress for every table and refuses a database that already holds data", async () => {
    const started = new Set(events.filter((e) => e.kind === "start").map((e) => e.step));
    for (const table of ["vendor", "booking", "payment", "guest", "event_rsvp", "guest_rsvp_state"])
      expect(started).toContain(table);
    await expect(loadBenchData(db.url, "small")).rejects.toThrow(/already holds weddings/);
  });
});
