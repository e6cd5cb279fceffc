import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "@/lib/jobs/registry";
import { runJob } from "@/lib/jobs/run-job";
import { ZRevenueRefreshReportSchema } from "@/lib/jobs/schema";
import { addBooking, addPayment, createBookingFixture, type BookingFixture } from "@/lib/test/booking-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Queries from "./queries";

// mv_monthly_revenue (report section 3.1): its refresh job, its figures
// against the base tables, who may read it, and a concurrent refresh that
// does not block the dashboard.

let db: TestDatabase;
let pool: pg.Pool;
let eur: BookingFixture;
let usd: BookingFixture;
let getRevenueDashboard: typeof Queries.getRevenueDashboard;
let disconnectApp: () => Promise<void>;

const ADMIN = { kind: "user", userId: 1, role: "admin" } as const;
const refreshJob = JOBS.find((job) => job.name === "refresh-monthly-revenue")!;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ getRevenueDashboard } = await import("./queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();

  eur = await createBookingFixture(db.pool, { tag: "eur" });
  usd = await createBookingFixture(db.pool, { tag: "usd", currency: "USD", vendorCategories: ["Florist"] });
  const florist = await addBooking(db.pool, eur, { vendorId: eur.vendors.Florist! }, "2027-06-12");
  const catering = await addBooking(db.pool, eur, { vendorId: eur.vendors.Catering! }, "2027-06-12");
  const venue = await addBooking(db.pool, eur, { venue: true }, "2027-06-12");
  await addPayment(db.pool, eur, florist, "1000.00", "Completed", "2026-03-05");
  await addPayment(db.pool, eur, florist, "500.00", "Completed", "2026-03-20");
  await addPayment(db.pool, eur, florist, "200.00", "Refunded", "2026-03-25");
  await addPayment(db.pool, eur, florist, "300.00", "Pending", "2026-04-01");
  await addPayment(db.pool, eur, florist, "100.00", "Failed", "2026-04-02");
  await addPayment(db.pool, eur, florist, "250.50", "Completed", "2026-04-10");
  await addPayment(db.pool, eur, catering, "2000.00", "Completed", "2026-04-15");
  await addPayment(db.pool, eur, venue, "3000.00", "Completed", "2026-03-01");
  const usdFlorist = await addBooking(db.pool, usd, { vendorId: usd.vendors.Florist! }, "2027-07-01");
  await addPayment(db.pool, usd, usdFlorist, "700.00", "Completed", "2026-03-09");
});

afterAll(async () => {
  await disconnectApp?.();
  await pool?.end();
  await db?.drop();
});

type ViewRow = {
  revenue_month: string;
  service_category: string;
  currency: string;
  total_payments: number;
  total_revenue: string;
  average_payment: string | null;
  refunded_payments: number;
  refunded_total: string;
};

/** admin_monthly_revenue() on the app's connection, as the given identity. */
async function readAs(
  settings: { role: string; userId: string },
  timeouts: { lockTimeoutMs?: number } = {},
): Promise<ViewRow[]> {
  const client = new pg.Client({ connectionString: db.appUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', $1, true), set_config('app.user_id', $2, true)", [
      settings.role,
      settings.userId,
    ]);
    if (timeouts.lockTimeoutMs) {
      await client.query("SELECT set_config('lock_timeout', $1, true)", [`${timeouts.lockTimeoutMs}ms`]);
    }
    const { rows } = await client.query<ViewRow>(
      `SELECT revenue_month::text, service_category, currency, total_payments::int, total_revenue::text,
              average_payment::text, refunded_payments::int, refunded_total::text
         FROM admin_monthly_revenue() ORDER BY 1, 2, 3`,
    );
    return rows;
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
  }
}

const asAdmin = () => readAs({ role: "admin", userId: "1" });

/** The same figures computed straight from the base tables (the report's query, corrected as in D14). */
async function directFromBaseTables(): Promise<ViewRow[]> {
  const { rows } = await db.pool.query<ViewRow>(`
    SELECT to_char(p.payment_date, 'YYYY-MM-01') AS revenue_month,
           CASE WHEN b.vendor_id IS NULL THEN 'Venue' ELSE (SELECT v.service_category::text FROM vendor v WHERE v.vendor_id = b.vendor_id) END AS service_category,
           w.currency::text AS currency,
           count(*) FILTER (WHERE p.payment_status = 'Completed')::int AS total_payments,
           coalesce(sum(p.amount) FILTER (WHERE p.payment_status = 'Completed'), 0)::numeric(14, 2)::text AS total_revenue,
           round(avg(p.amount) FILTER (WHERE p.payment_status = 'Completed'), 2)::text AS average_payment,
           count(*) FILTER (WHERE p.payment_status = 'Refunded')::int AS refunded_payments,
           coalesce(sum(p.amount) FILTER (WHERE p.payment_status = 'Refunded'), 0)::numeric(14, 2)::text AS refunded_total
      FROM payment p
      JOIN booking b ON b.booking_id = p.booking_id AND b.event_date = p.booking_event_date
      JOIN wedding w ON w.wedding_id = p.wedding_id
     WHERE p.payment_status IN ('Completed', 'Refunded')
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return rows;
}

async function refresh() {
  const outcome = await runJob(pool, refreshJob, { source: "once" });
  expect(outcome.error).toBeUndefined();
  return ZRevenueRefreshReportSchema.parse(outcome.result);
}

describe("mv_monthly_revenue", () => {
  it("is empty until the job refreshes it, then matches the base tables", async () => {
    expect(await asAdmin()).toEqual([]);
    const report = await refresh();
    expect(report).toMatchObject({ view: "mv_monthly_revenue", mode: "concurrently", rows: 5 });
    const view = await asAdmin();
    expect(view).toEqual(await directFromBaseTables());
    expect(view).toEqual([
      {
        revenue_month: "2026-03-01",
        service_category: "Florist",
        currency: "EUR",
        total_payments: 2,
        total_revenue: "1500.00",
        average_payment: "750.00",
        refunded_payments: 1,
        refunded_total: "200.00",
      },
      {
        revenue_month: "2026-03-01",
        service_category: "Florist",
        currency: "USD",
        total_payments: 1,
        total_revenue: "700.00",
        average_payment: "700.00",
        refunded_payments: 0,
        refunded_total: "0.00",
      },
      {
        revenue_month: "2026-03-01",
        service_category: "Venue",
        currency: "EUR",
        total_payments: 1,
        total_revenue: "3000.00",
        average_payment: "3000.00",
        refunded_payments: 0,
        refunded_total: "0.00",
      },
      {
        revenue_month: "2026-04-01",
        service_category: "Catering",
        currency: "EUR",
        total_payments: 1,
        total_revenue: "2000.00",
        average_payment: "2000.00",
        refunded_payments: 0,
        refunded_total: "0.00",
      },
      {
        revenue_month: "2026-04-01",
        service_category: "Florist",
        currency: "EUR",
        total_payments: 1,
        total_revenue: "250.50",
        average_payment: "250.50",
        refunded_payments: 0,
        refunded_total: "0.00",
      },
    ]);
  });

  it("keeps its figures until the next refresh, which records the time of the data", async () => {
    const before = await asAdmin();
    const { rows: first } = await db.pool.query<{ refreshed_at: Date }>("SELECT refreshed_at FROM matview_refresh");
    const catering = await db.pool.query<{ booking_id: number; event_date: string }>(
      "SELECT booking_id, event_date::text FROM booking WHERE vendor_id = $1",
      [eur.vendors.Catering],
    );
    await addPayment(
      db.pool,
      eur,
      { bookingId: catering.rows[0]!.booking_id, eventDate: catering.rows[0]!.event_date },
      "99.99",
      "Completed",
      "2026-05-02",
    );
    expect(await asAdmin()).toEqual(before);

    const report = await refresh();
    const after = await asAdmin();
    expect(after).toEqual(await directFromBaseTables());
    expect(after).toContainEqual(
      expect.objectContaining({ revenue_month: "2026-05-01", service_category: "Catering", total_revenue: "99.99" }),
    );
    const { rows: second } = await db.pool.query<{ refreshed_at: Date; row_count: number }>(
      "SELECT refreshed_at, row_count FROM matview_refresh",
    );
    expect(second).toHaveLength(1);
    expect(second[0]!.refreshed_at.getTime()).toBeGreaterThan(first[0]!.refreshed_at.getTime());
    expect(second[0]!.refreshed_at.toISOString()).toBe(report.refreshedAt);
    expect(second[0]!.row_count).toBe(6);
  });

  it("does not block readers while a concurrent refresh is in progress", async () => {
    const refresher = await pool.connect();
    try {
      await refresher.query("BEGIN");
      await refresher.query("SET LOCAL ROLE wedding_jobs");
      await refresher.query("REFRESH MATERIALIZED VIEW CONCURRENTLY mv_monthly_revenue");
      // The refresh holds its lock until it commits. A reader gives up after 1 s of waiting.
      const started = Date.now();
      const rows = await readAs({ role: "admin", userId: "1" }, { lockTimeoutMs: 1000 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(rows).toHaveLength(6);
    } finally {
      await refresher.query("COMMIT");
      refresher.release();
    }
  });

  it("(a plain refresh, by contrast, does block them)", async () => {
    const refresher = await pool.connect();
    try {
      await refresher.query("BEGIN");
      await refresher.query("SET LOCAL ROLE wedding_jobs");
      await refresher.query("REFRESH MATERIALIZED VIEW mv_monthly_revenue");
      await expect(readAs({ role: "admin", userId: "1" }, { lockTimeoutMs: 300 })).rejects.toThrow(/lock timeout/);
    } finally {
      await refresher.query("ROLLBACK");
      refresher.release();
    }
  });

  it("shows nothing to anyone but an admin, and the app role cannot read the view itself", async () => {
    expect(await readAs({ role: "planner", userId: String(eur.plannerUserId) })).toEqual([]);
    expect(await readAs({ role: "vendor", userId: "1" })).toEqual([]);
    expect(await readAs({ role: "", userId: "" })).toEqual([]);
    expect(await readAs({ role: "admin", userId: "" })).toEqual([]);
    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '1', true)");
      await expect(client.query("SELECT * FROM mv_monthly_revenue")).rejects.toThrow(
        /permission denied for materialized view mv_monthly_revenue/,
      );
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      await client.end();
    }
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    try {
      await owner.query("SET ROLE wedding_app");
      await expect(owner.query("REFRESH MATERIALIZED VIEW mv_monthly_revenue")).rejects.toThrow(
        /must be owner of materialized view mv_monthly_revenue/,
      );
    } finally {
      await owner.end();
    }
  });
});

describe("getRevenueDashboard", () => {
  it("gives month, category and currency totals that add up, with the time of the data", async () => {
    const dashboard = await getRevenueDashboard(ADMIN);
    const { rows } = await db.pool.query<{ refreshed_at: Date }>("SELECT refreshed_at FROM matview_refresh");
    expect(dashboard.asOf).toBe(rows[0]!.refreshed_at.toISOString());
    expect(dashboard.currencies.map((c) => c.currency)).toEqual(["EUR", "USD"]);
    const euros = dashboard.currencies[0]!;
    expect(euros.months).toEqual([
      { month: "2026-03-01", payments: 3, total: "4500.00", average: "1500.00", refunds: 1, refundedTotal: "200.00" },
      { month: "2026-04-01", payments: 2, total: "2250.50", average: "1125.25", refunds: 0, refundedTotal: "0.00" },
      { month: "2026-05-01", payments: 1, total: "99.99", average: "99.99", refunds: 0, refundedTotal: "0.00" },
    ]);
    expect(euros.categories.map((c) => [c.category, c.payments, c.total, c.average])).toEqual([
      ["Venue", 1, "3000.00", "3000.00"],
      ["Catering", 2, "2099.99", "1050.00"],
      ["Florist", 3, "1750.50", "583.50"],
    ]);
    expect(euros.totals).toEqual({
      payments: 6,
      total: "6850.49",
      average: "1141.75",
      refunds: 1,
      refundedTotal: "200.00",
    });
    expect(euros.cells).toHaveLength(5);
    expect(dashboard.currencies[1]!.totals.total).toBe("700.00");
  });

  it("is empty for a planner", async () => {
    const dashboard = await getRevenueDashboard({ kind: "user", userId: eur.plannerUserId, role: "planner" });
    expect(dashboard).toEqual({ asOf: null, currencies: [] });
  });
});
