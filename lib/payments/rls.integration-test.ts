import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import { listPlanners } from "./test-fixtures";

// Row-level security on payment_installment and the views over it, proven at
// the database as the app's runtime role, with no filter in the queries: an
// admin sees every schedule, a planner their weddings' schedules, a vendor
// the schedules of its own bookings (read only, and still no payments), a
// guest and a missing identity nothing. Also what the demo seed schedules.

type Settings = { userId?: string; role?: string; guestToken?: string };

let db: TestDatabase;
let app: pg.Pool;
let planners: { userId: number; weddingIds: number[] }[];
let vendor: { userId: number; vendorId: number };
let adminUserId: number;
let guestToken: string;
let vendorFixtureBooking: number;

async function as<T>(settings: Settings, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.guest_token', $3, true)",
      [settings.userId ?? "", settings.role ?? "", settings.guestToken ?? ""],
    );
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const ids = async (client: pg.PoolClient | pg.Pool, sql: string, params: unknown[] = []) =>
  (await client.query<{ id: number }>(sql, params)).rows.map((r) => r.id).sort((a, b) => a - b);

const ALL = "SELECT installment_id AS id FROM payment_installment";

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 3 });
  planners = await listPlanners(db);
  const { rows } = await db.pool.query<{ user_id: number; vendor_id: number }>(
    `SELECT u.user_id, v.vendor_id FROM users u JOIN vendor v USING (user_id) WHERE u.email = 'vendor@demo.wedding'`,
  );
  vendor = { userId: rows[0]!.user_id, vendorId: rows[0]!.vendor_id };
  adminUserId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`))
    .rows[0]!.user_id;
  guestToken = (await db.pool.query<{ qr_code: string }>(`SELECT qr_code FROM guest ORDER BY guest_id LIMIT 1`))
    .rows[0]!.qr_code;
  // The vendor gets a schedule on one of its bookings that has none yet.
  const fixture = await db.pool.query<{ booking_id: number }>(
    `INSERT INTO payment_installment (booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date)
     SELECT booking_id, event_date, wedding_id, client_id, 'installment', 1.00, 'fixed', event_date
     FROM booking b WHERE vendor_id = $1 AND status <> 'Cancelled'
       AND NOT EXISTS (SELECT 1 FROM payment_installment i WHERE i.booking_id = b.booking_id)
     ORDER BY booking_id LIMIT 1
     RETURNING booking_id`,
    [vendor.vendorId],
  );
  vendorFixtureBooking = fixture.rows[0]!.booking_id;
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

describe("payment_installment", () => {
  it("has row-level security enabled and forced, and the app role may not update it", async () => {
    const { rows } = await db.pool.query(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'payment_installment'`,
    );
    expect(rows).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
    const { rows: privileges } = await db.pool.query(
      `SELECT has_table_privilege('wedding_app', 'payment_installment', 'SELECT') AS s,
              has_table_privilege('wedding_app', 'payment_installment', 'INSERT') AS i,
              has_table_privilege('wedding_app', 'payment_installment', 'UPDATE') AS u,
              has_table_privilege('wedding_app', 'payment_installment', 'DELETE') AS d`,
    );
    expect(privileges).toEqual([{ s: true, i: true, u: false, d: true }]);
  });

  it("shows nothing without an identity, to a guest, or to a role without a user id", async () => {
    expect(Number((await db.pool.query(`SELECT count(*) AS n FROM payment_installment`)).rows[0].n)).toBeGreaterThan(0);
    for (const settings of [{}, { role: "guest", guestToken }, { role: "admin" }, { role: "planner" }])
      await as(settings, async (c) => {
        expect(await ids(c, ALL)).toEqual([]);
        expect(await ids(c, "SELECT installment_id AS id FROM payment_installment_balance")).toEqual([]);
        expect(await ids(c, "SELECT item_id AS id FROM payment_open_item")).toEqual([]);
      });
  });

  it("shows an admin every schedule", async () => {
    const every = await ids(db.pool, ALL);
    await as({ userId: String(adminUserId), role: "admin" }, async (c) => expect(await ids(c, ALL)).toEqual(every));
  });

  it("shows each planner exactly their weddings' schedules, in the table and the views", async () => {
    for (const p of planners) {
      const own = await ids(db.pool, `${ALL} WHERE wedding_id = ANY($1)`, [p.weddingIds]);
      expect(own.length, "the seed schedules every planner's weddings").toBeGreaterThan(0);
      await as({ userId: String(p.userId), role: "planner" }, async (c) => {
        expect(await ids(c, ALL)).toEqual(own);
        expect(await ids(c, "SELECT installment_id AS id FROM payment_installment_balance")).toEqual(own);
        const open = await c.query<{ wedding_id: number }>("SELECT DISTINCT wedding_id FROM payment_open_item");
        for (const row of open.rows) expect(p.weddingIds).toContain(row.wedding_id);
      });
    }
  });

  it("lets planner A neither change nor add to planner B's schedules", async () => {
    const [a, b] = planners as [(typeof planners)[0], (typeof planners)[0]];
    const theirs = await ids(db.pool, `${ALL} WHERE wedding_id = ANY($1)`, [b.weddingIds]);
    const [target] = (
      await db.pool.query<{ booking_id: number; event_date: string; wedding_id: number; client_id: number }>(
        `SELECT booking_id, event_date::text, wedding_id, client_id FROM booking
         WHERE wedding_id = ANY($1) AND status <> 'Cancelled' ORDER BY booking_id LIMIT 1`,
        [b.weddingIds],
      )
    ).rows;
    if (!target) throw new Error("planner B has no booking");
    await as({ userId: String(a.userId), role: "planner" }, async (c) => {
      expect(
        (await c.query(`DELETE FROM payment_installment WHERE wedding_id = ANY($1)`, [b.weddingIds])).rowCount,
      ).toBe(0);
      await expect(
        c.query(
          `INSERT INTO payment_installment (booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date)
           VALUES ($1, $2, $3, $4, 'installment', 1, 'fixed', '2027-01-01')`,
          [target.booking_id, target.event_date, target.wedding_id, target.client_id],
        ),
      ).rejects.toThrow(/row-level security/);
    });
    expect(await ids(db.pool, `${ALL} WHERE wedding_id = ANY($1)`, [b.weddingIds])).toEqual(theirs);
  });

  it("shows a vendor the schedules of its own bookings only, read only, and still no payments", async () => {
    const own = await ids(db.pool, `${ALL} WHERE booking_id IN (SELECT booking_id FROM booking WHERE vendor_id = $1)`, [
      vendor.vendorId,
    ]);
    expect(own.length).toBeGreaterThan(0);
    expect((await ids(db.pool, ALL)).length).toBeGreaterThan(own.length);
    await as({ userId: String(vendor.userId), role: "vendor" }, async (c) => {
      expect(await ids(c, ALL)).toEqual(own);
      expect(Number((await c.query("SELECT count(*) AS n FROM payment")).rows[0].n)).toBe(0);
      expect((await c.query("DELETE FROM payment_installment")).rowCount).toBe(0);
    });
    expect(
      await ids(db.pool, `${ALL} WHERE booking_id IN (SELECT booking_id FROM booking WHERE vendor_id = $1)`, [
        vendor.vendorId,
      ]),
    ).toEqual(own);
  });
});

describe("the demo seed's schedules", () => {
  it("restate the planned payments, and include an overdue installment", async () => {
    const { rows } = await db.pool.query<{ bookings: number; overdue: number; relative: number; deposits: number }>(
      `SELECT count(DISTINCT booking_id)::int AS bookings,
              count(*) FILTER (WHERE outstanding > 0 AND due_date < '2026-11-01')::int AS overdue,
              count(*) FILTER (WHERE due_rule = 'relative')::int AS relative,
              count(*) FILTER (WHERE kind = 'deposit')::int AS deposits
       FROM payment_installment_balance WHERE booking_id <> $1`,
      [vendorFixtureBooking],
    );
    expect(rows[0]!.bookings).toBeGreaterThanOrEqual(10);
    expect(rows[0]!.overdue).toBeGreaterThan(0);
    expect(rows[0]!.relative).toBeGreaterThan(0);
    // One deposit per schedule, covered by the deposit the seed marked paid.
    expect(rows[0]!.deposits).toBe(rows[0]!.bookings);
    // Every schedule fits its booking, and each of its installments restates a planned payment.
    const { rows: mismatched } = await db.pool.query(
      `
      SELECT i.installment_id FROM payment_installment i
      JOIN booking b ON (b.booking_id, b.event_date) = (i.booking_id, i.booking_event_date)
      WHERE (SELECT sum(amount) FROM payment_installment s WHERE s.booking_id = i.booking_id) > b.total_cost
         OR NOT EXISTS (SELECT 1 FROM payment p WHERE p.booking_id = i.booking_id AND p.amount = i.amount
                          AND coalesce(p.due_date, p.payment_date) = i.due_date)
            AND i.booking_id <> $1`,
      [vendorFixtureBooking],
    );
    expect(mismatched).toEqual([]);
  });
});
