import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { buildDemoPlan } from "./demo-plan";
import { DEMO_LOGINS, isSeeded, seedDemoData, type SeedSummary } from "./demo-data";
import { fingerprintRows } from "./fingerprint";
import { formatCents } from "./values";

// One database seeded once; every test here only reads it, except the last
// block, which seeds it a second time and proves nothing changed.

let db: TestDatabase;
let summary: SeedSummary;

beforeAll(async () => {
  db = await createTestDatabase();
  summary = await seedDemoData(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

async function rows<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
  return (await db.pool.query<T>(sql)).rows;
}

async function scalar(sql: string): Promise<string> {
  const [row] = await rows<{ v: unknown }>(sql);
  return String(row?.v);
}

describe("a freshly seeded database", () => {
  it("reports what it created, and the counts match the tables", async () => {
    expect(summary.outcome).toBe("created");
    expect(summary.counts).toMatchObject({ users: 5, planners: 3, clients: 20, weddings: 20 });
    expect(summary.counts.venues).toBeGreaterThanOrEqual(20);
    expect(summary.counts.vendors).toBeGreaterThanOrEqual(55);
    const tables = {
      users: "users",
      planners: "planner",
      clients: "client",
      weddings: "wedding",
      events: "event",
      households: "household",
      guests: "guest",
      rsvps: "event_rsvp",
      budgets: "budget",
      expenses: "expense",
      venues: "venue",
      vendors: "vendor",
      bookings: "booking",
      payments: "payment",
    } as const;
    for (const [key, table] of Object.entries(tables)) {
      expect(summary.counts[key as keyof typeof tables], table).toBe(
        Number(await scalar(`SELECT count(*) AS v FROM ${table}`)),
      );
    }
    expect(await isSeeded(db.prisma)).toBe(true);
  });

  it("gives each planner a company and shares the weddings 7/7/6", async () => {
    const perPlanner = await rows<{ company_name: string | null; n: string }>(
      `SELECT p.company_name, count(w.*) AS n FROM planner p LEFT JOIN wedding w USING (planner_id) GROUP BY p.planner_id ORDER BY n DESC, p.planner_id`,
    );
    expect(perPlanner.map((r) => Number(r.n))).toEqual([7, 7, 6]);
    expect(perPlanner.every((r) => r.company_name)).toBe(true);
  });

  it("dates two completed weddings before November 2026 and the rest from December 2026 to October 2027", async () => {
    const weddings = await rows<{ wedding_date: string; status: string; deadline_ok: boolean; currency: string }>(
      `SELECT wedding_date::text, status, rsvp_deadline = wedding_date - 42 AS deadline_ok, currency FROM wedding ORDER BY wedding_date`,
    );
    const completed = weddings.filter((w) => w.status === "Completed");
    expect(completed.map((w) => w.wedding_date.slice(0, 4))).toEqual(["2026", "2026"]);
    expect(completed.every((w) => w.wedding_date < "2026-11-01")).toBe(true);
    const upcoming = weddings.filter((w) => w.status !== "Completed");
    expect(upcoming).toHaveLength(18);
    expect(upcoming.every((w) => w.wedding_date >= "2026-12-01" && w.wedding_date <= "2027-10-31")).toBe(true);
    expect(new Set(upcoming.map((w) => w.status))).toEqual(new Set(["Planning", "Confirmed"]));
    expect(weddings.every((w) => w.deadline_ok)).toBe(true);
    expect(weddings.filter((w) => w.currency !== "EUR").length).toBeGreaterThanOrEqual(1);
  });

  it("gives every wedding 2-4 events, 12-30 households and 30-80 guests, and cancels exactly one event", async () => {
    const shape = await rows<{ events: string; households: string; guests: string }>(`
      SELECT (SELECT count(*) FROM event e WHERE e.wedding_id = w.wedding_id) AS events,
             (SELECT count(*) FROM household h WHERE h.wedding_id = w.wedding_id) AS households,
             (SELECT count(*) FROM guest g WHERE g.wedding_id = w.wedding_id) AS guests
      FROM wedding w`);
    for (const w of shape) {
      expect(Number(w.events)).toBeGreaterThanOrEqual(2);
      expect(Number(w.events)).toBeLessThanOrEqual(4);
      expect(Number(w.households)).toBeGreaterThanOrEqual(12);
      expect(Number(w.households)).toBeLessThanOrEqual(30);
      expect(Number(w.guests)).toBeGreaterThanOrEqual(30);
      expect(Number(w.guests)).toBeLessThanOrEqual(80);
    }
    expect(await scalar(`SELECT count(*) AS v FROM event WHERE status = 'Cancelled'`)).toBe("1");
    const everyWeddingHasBoth = await scalar(`
      SELECT bool_and(types @> ARRAY['Ceremony','Reception']::event_type[]) AS v
      FROM (SELECT array_agg(event_type) AS types FROM event GROUP BY wedding_id) t`);
    expect(everyWeddingHasBoth).toBe("true");
  });

  it("gives every guest an RSVP for every event of their wedding that is not cancelled", async () => {
    const missing = await scalar(`
      SELECT count(*) AS v FROM guest g
      JOIN event e ON e.wedding_id = g.wedding_id AND e.status <> 'Cancelled'
      LEFT JOIN event_rsvp r ON r.guest_id = g.guest_id AND r.event_id = e.event_id
      WHERE r.rsvp_id IS NULL`);
    expect(missing).toBe("0");
  });

  it("leaves about 30% of RSVPs pending, most accepted, meals chosen and replies dated only when answered", async () => {
    const [mix] = await rows<{ pending: number; accepted: number; declined: number }>(`
      SELECT avg((status = 'Pending')::int)::float AS pending, avg((status = 'Accepted')::int)::float AS accepted,
             avg((status = 'Declined')::int)::float AS declined FROM event_rsvp`);
    expect(mix?.pending).toBeGreaterThan(0.2);
    expect(mix?.pending).toBeLessThan(0.4);
    expect(mix?.accepted).toBeGreaterThan(0.5);
    expect(mix?.declined).toBeGreaterThan(0);
    const inconsistent = await scalar(`
      SELECT count(*) AS v FROM event_rsvp r JOIN event e USING (event_id) JOIN wedding w ON w.wedding_id = r.wedding_id
      WHERE (r.status = 'Pending') <> (r.responded_at IS NULL)
         OR (r.status <> 'Accepted' AND (r.meal_choice IS NOT NULL OR r.plus_ones > 0))
         OR (r.status = 'Accepted' AND e.event_type = 'Reception' AND r.meal_choice IS NULL)
         OR cardinality(r.plus_one_names) <> r.plus_ones
         OR r.responded_at >= timestamptz '2026-11-01 00:00+00'
         OR r.responded_at >= (w.rsvp_deadline + 1)::timestamp AT TIME ZONE 'UTC'`);
    expect(inconsistent).toBe("0");
    expect(
      Number(await scalar(`SELECT count(*) AS v FROM guest WHERE dietary_preference IS NOT NULL`)),
    ).toBeGreaterThan(0);
  });

  it("keeps plus-ones within each household's allowance, and uses some", async () => {
    const over = await scalar(`
      SELECT count(*) AS v FROM (
        SELECT h.household_id, r.event_id FROM event_rsvp r
        JOIN guest g ON g.guest_id = r.guest_id JOIN household h ON h.household_id = g.household_id
        GROUP BY h.household_id, h.plus_one_allowance, r.event_id
        HAVING sum(r.plus_ones) > h.plus_one_allowance) t`);
    expect(over).toBe("0");
    expect(Number(await scalar(`SELECT count(*) AS v FROM event_rsvp WHERE plus_ones > 0`))).toBeGreaterThan(0);
  });

  it("sets every QR code from the seeded generator: 24 base64url characters, as planned", async () => {
    const codes = (await rows<{ qr_code: string }>(`SELECT qr_code FROM guest`)).map((r) => r.qr_code);
    expect(codes.every((code) => /^[A-Za-z0-9_-]{24}$/.test(code))).toBe(true);
    const planned = buildDemoPlan().weddings.flatMap((w) => w.households.flatMap((h) => h.guests.map((g) => g.qrCode)));
    expect(codes.toSorted()).toEqual(planned.toSorted());
  });

  it("never books a venue twice on one day (the report's validation query)", async () => {
    const doubles = await rows(`
      SELECT venue_id, event_date, COUNT(*) FROM booking
      WHERE status != 'Cancelled' AND venue_id IS NOT NULL
      GROUP BY venue_id, event_date HAVING COUNT(*) > 1`);
    expect(doubles).toEqual([]);
    const vendorDoubles = await rows(`
      SELECT vendor_id, event_date FROM booking WHERE status != 'Cancelled' AND vendor_id IS NOT NULL
      GROUP BY vendor_id, event_date HAVING COUNT(*) > 1`);
    expect(vendorDoubles).toEqual([]);
  });

  it("books one venue on each wedding day plus 1-4 vendors, mostly confirmed, one or two cancelled", async () => {
    const perWedding = await rows<{ venues: string; vendors: string; on_the_day: boolean }>(`
      SELECT count(*) FILTER (WHERE b.venue_id IS NOT NULL AND b.status <> 'Cancelled') AS venues,
             count(*) FILTER (WHERE b.vendor_id IS NOT NULL AND b.status <> 'Cancelled') AS vendors,
             bool_and(b.event_date = w.wedding_date) AS on_the_day
      FROM wedding w JOIN booking b USING (wedding_id) GROUP BY w.wedding_id`);
    expect(perWedding).toHaveLength(20);
    for (const w of perWedding) {
      expect(w.venues).toBe("1");
      expect(Number(w.vendors)).toBeGreaterThanOrEqual(1);
      expect(Number(w.vendors)).toBeLessThanOrEqual(4);
      expect(w.on_the_day).toBe(true);
    }
    const statuses = Object.fromEntries(
      (await rows<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM booking GROUP BY status`)).map(
        (r) => [r.status, Number(r.n)],
      ),
    );
    expect(statuses.Cancelled).toBeGreaterThanOrEqual(1);
    expect(statuses.Cancelled).toBeLessThanOrEqual(2);
    expect(statuses.Confirmed).toBeGreaterThan(Object.values(statuses).reduce((a, b) => a + b, 0) / 2);
    const inactiveBooked = await scalar(`
      SELECT count(*) AS v FROM booking b JOIN vendor v USING (vendor_id) WHERE v.status <> 'Active' AND b.status <> 'Cancelled'`);
    expect(inactiveBooked).toBe("0");
  });

  it("never lets a booking's payments add up to more than its total", async () => {
    const over = await rows(`
      SELECT b.booking_id FROM booking b
      JOIN payment p ON (p.booking_id, p.booking_event_date) = (b.booking_id, b.event_date)
      GROUP BY b.booking_id, b.event_date, b.total_cost HAVING sum(p.amount) > b.total_cost`);
    expect(over).toEqual([]);
    const mismatched = await scalar(`
      SELECT count(*) AS v FROM payment p JOIN booking b ON (b.booking_id, b.event_date) = (p.booking_id, p.booking_event_date)
      WHERE p.wedding_id <> b.wedding_id OR p.client_id <> b.client_id`);
    expect(mismatched).toBe("0");
  });

  it("schedules a paid deposit per active booking, then installments, some overdue and some still ahead", async () => {
    const withoutPaidDeposit = await scalar(`
      SELECT count(*) AS v FROM booking b WHERE b.status IN ('Confirmed', 'Completed') AND NOT EXISTS (
        SELECT 1 FROM payment p WHERE (p.booking_id, p.booking_event_date) = (b.booking_id, b.event_date)
          AND p.payment_status = 'Completed' AND p.payment_date < '2026-11-01')`);
    expect(withoutPaidDeposit).toBe("0");
    const [pending] = await rows<{ overdue: string; ahead: string; ambiguous: string; off_due: string }>(`
      SELECT count(*) FILTER (WHERE due_date < '2026-11-01') AS overdue,
             count(*) FILTER (WHERE due_date >= '2026-12-01') AS ahead,
             count(*) FILTER (WHERE due_date >= '2026-11-01' AND due_date < '2026-12-01') AS ambiguous,
             count(*) FILTER (WHERE payment_date IS DISTINCT FROM due_date) AS off_due
      FROM payment WHERE payment_status = 'Pending'`);
    expect(Number(pending?.overdue)).toBeGreaterThan(0);
    expect(Number(pending?.ahead)).toBeGreaterThan(0);
    expect(pending?.ambiguous).toBe("0");
    expect(pending?.off_due).toBe("0");
    const futurePaid = await scalar(
      `SELECT count(*) AS v FROM payment WHERE payment_status = 'Completed' AND payment_date >= '2026-11-01'`,
    );
    expect(futurePaid).toBe("0");
  });

  it("stores money exactly: SQL sums equal Prisma.Decimal sums and the planned cents", async () => {
    const plan = buildDemoPlan();
    const plannedCents = {
      budget: plan.weddings.flatMap((w) => w.budgets).reduce((s, b) => s + b.amount, 0),
      expense: plan.weddings.flatMap((w) => w.expenses).reduce((s, e) => s + e.amount, 0),
      booking: plan.weddings.flatMap((w) => w.bookings).reduce((s, b) => s + b.totalCost, 0),
      payment: plan.weddings.flatMap((w) => w.bookings.flatMap((b) => b.payments)).reduce((s, p) => s + p.amount, 0),
    };
    const sum = (values: Prisma.Decimal[]) => values.reduce((s, v) => s.plus(v), new Prisma.Decimal(0)).toFixed(2);
    const viaPrisma = {
      budget: sum((await db.prisma.budget.findMany({ select: { budgetAmount: true } })).map((r) => r.budgetAmount)),
      expense: sum((await db.prisma.expense.findMany({ select: { actualCost: true } })).map((r) => r.actualCost)),
      booking: sum((await db.prisma.booking.findMany({ select: { totalCost: true } })).map((r) => r.totalCost)),
      payment: sum((await db.prisma.payment.findMany({ select: { amount: true } })).map((r) => r.amount)),
    };
    const viaSql = {
      budget: await scalar(`SELECT sum(budget_amount)::text AS v FROM budget`),
      expense: await scalar(`SELECT sum(actual_cost)::text AS v FROM expense`),
      booking: await scalar(`SELECT sum(total_cost)::text AS v FROM booking`),
      payment: await scalar(`SELECT sum(amount)::text AS v FROM payment`),
    };
    expect(viaPrisma).toEqual(viaSql);
    expect(viaSql).toEqual({
      budget: formatCents(plannedCents.budget),
      expense: formatCents(plannedCents.expense),
      booking: formatCents(plannedCents.booking),
      payment: formatCents(plannedCents.payment),
    });
    // Amounts with cents exist, so a float round-trip would have shown above.
    expect(
      Number(await scalar(`SELECT count(*) AS v FROM expense WHERE actual_cost <> trunc(actual_cost)`)),
    ).toBeGreaterThan(0);
  });

  it("puts exactly two upcoming weddings over budget on approved expenses", async () => {
    const over = await rows<{ status: string }>(`
      SELECT w.status FROM wedding w
      JOIN (SELECT wedding_id, sum(budget_amount) AS budget FROM budget GROUP BY wedding_id) b USING (wedding_id)
      JOIN (SELECT wedding_id, sum(actual_cost) AS spent FROM expense WHERE status = 'Approved' GROUP BY wedding_id) e USING (wedding_id)
      WHERE e.spent > b.budget`);
    expect(over).toHaveLength(2);
    expect(over.every((w) => w.status !== "Completed")).toBe(true);
    const statuses = await rows<{ status: string }>(`SELECT DISTINCT status FROM expense ORDER BY status`);
    expect(statuses.map((s) => s.status)).toEqual(["Pending", "Approved", "Rejected"]);
    expect(Number(await scalar(`SELECT count(*) AS v FROM expense WHERE event_id IS NOT NULL`))).toBeGreaterThan(0);
    expect(Number(await scalar(`SELECT count(*) AS v FROM expense WHERE vendor_id IS NOT NULL`))).toBeGreaterThan(0);
  });

  it("hashes every demo password with argon2id, and each verifies", async () => {
    const users = await db.prisma.user.findMany({ select: { email: true, role: true, passwordHash: true } });
    expect(users).toHaveLength(DEMO_LOGINS.length);
    for (const login of DEMO_LOGINS) {
      const user = users.find((u) => u.email === login.email);
      expect(user?.role).toBe(login.role);
      expect(user?.passwordHash?.startsWith("$argon2id$")).toBe(true);
      expect(await verify(user?.passwordHash ?? "", login.password)).toBe(true);
      expect(await verify(user?.passwordHash ?? "", `${login.password}x`)).toBe(false);
    }
  });

  it("links the vendor login to an active florist that has bookings", async () => {
    const [vendor] = await rows<{ service_category: string; status: string; bookings: string }>(`
      SELECT v.service_category, v.status, (SELECT count(*) FROM booking b WHERE b.vendor_id = v.vendor_id) AS bookings
      FROM vendor v JOIN users u USING (user_id) WHERE u.email = 'vendor@demo.wedding'`);
    expect(vendor).toMatchObject({ service_category: "Florist", status: "Active" });
    expect(Number(vendor?.bookings)).toBeGreaterThan(0);
  });

  it("describes vendors so that full-text search finds several for 'floral' and for 'decoration'", async () => {
    for (const word of ["floral", "decoration"]) {
      const found = await scalar(
        `SELECT count(*) AS v FROM vendor WHERE description_tsv @@ to_tsquery('english', '${word}')`,
      );
      expect(Number(found), word).toBeGreaterThanOrEqual(3);
    }
    const bands = await rows<{ price_band: number }>(`SELECT DISTINCT price_band FROM vendor ORDER BY price_band`);
    expect(bands.map((b) => b.price_band)).toEqual([1, 2, 3, 4]);
    expect(Number(await scalar(`SELECT count(*) AS v FROM vendor WHERE status = 'Inactive'`))).toBeGreaterThan(0);
    const capacities = await rows<{ min: number; max: number }>(
      `SELECT min(capacity) AS min, max(capacity) AS max FROM venue`,
    );
    expect(capacities[0]).toEqual({ min: 60, max: 400 });
  });
});

describe("seeding a second time", () => {
  it("changes nothing, not even ids or timestamps", async () => {
    const before = await fingerprintRows(db.pool);
    const again = await seedDemoData(db.prisma);
    expect(again).toEqual({ outcome: "already-seeded", counts: summary.counts });
    expect(await fingerprintRows(db.pool)).toEqual(before);
  });
});
