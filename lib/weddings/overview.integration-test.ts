import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

let db: TestDatabase;
let getWeddingOverview: typeof import("./overview").getWeddingOverview;
let owner: { userId: number; weddingIds: number[] };
let other: { weddingIds: number[] };
const TODAY = "2026-11-23";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  await db.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  ({ getWeddingOverview } = await import("./overview"));
  const { rows } = await db.pool.query<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  owner = { userId: rows[0]!.user_id, weddingIds: rows[0]!.ids };
  other = { weddingIds: rows[1]!.ids };
});
afterAll(() => db.drop());

const planner = () => ({ kind: "user" as const, userId: owner.userId, role: "planner" as const });
const one = async (sql: string, params: unknown[]) => (await db.pool.query(sql, params)).rows;

describe("getWeddingOverview", () => {
  it("gives every figure as the tables say it, one table at a time", async () => {
    for (const id of owner.weddingIds) {
      const o = (await getWeddingOverview(planner(), id, TODAY))!;
      expect(o.wedding.id).toBe(id);
      const budget = await one(
        `SELECT category, sum(budget_amount)::text AS amount FROM budget WHERE wedding_id = $1 GROUP BY category`,
        [id],
      );
      for (const line of budget) expect(o.budget.find((b) => b.category === line.category)?.budget).toBe(line.amount);
      const [totals] = await one(
        `SELECT (SELECT coalesce(sum(budget_amount), 0) FROM budget WHERE wedding_id = $1)::numeric(12,2)::text AS budget,
                (SELECT coalesce(sum(actual_cost), 0) FROM expense WHERE wedding_id = $1 AND status = 'Approved')::numeric(12,2)::text AS spent`,
        [id],
      );
      expect(o.totals.budget).toBe(totals.budget);
      expect(o.totals.spent).toBe(totals.spent);
      expect(o.totals.overBudget).toBe(Number(totals.spent) > Number(totals.budget));
      expect(o.overBudgetExpenses.length > 0).toBe(o.totals.overBudget);
      const funnel = await one(
        `SELECT r.event_id, count(*)::int AS invited, count(*) FILTER (WHERE r.status = 'Pending')::int AS pending
         FROM event_rsvp r JOIN event e USING (event_id)
         WHERE r.wedding_id = $1 AND e.status IN ('Scheduled', 'Confirmed') GROUP BY r.event_id`,
        [id],
      );
      for (const f of funnel) {
        const shown = o.rsvpFunnel.find((x) => x.eventId === f.event_id)!;
        expect(shown.invited).toBe(f.invited);
        expect(shown.pending).toBe(f.pending);
        expect(shown.accepted + shown.declined + shown.pending).toBe(shown.invited);
      }
      const [pending] = await one(
        `SELECT count(*)::int AS n FROM payment WHERE wedding_id = $1 AND payment_status = 'Pending'`,
        [id],
      );
      expect(o.payments).toHaveLength(pending.n);
      for (const p of o.payments) expect(p.overdue).toBe((p.dueDate ?? p.paymentDate) < TODAY);
    }
  });

  it("shows at least one over-budget wedding with the expenses behind it", async () => {
    const all = await Promise.all(owner.weddingIds.map((id) => getWeddingOverview(planner(), id, TODAY)));
    const over = all.filter((o) => o!.totals.overBudget);
    expect(over.length).toBeGreaterThan(0);
    for (const o of over) {
      const sum = o!.overBudgetExpenses.reduce((acc, x) => acc + Math.round(Number(x.actualCost) * 100), 0);
      expect(sum).toBe(Math.round(Number(o!.totals.spent) * 100));
    }
  });

  it("flags overlapping events, including one that runs past midnight", async () => {
    const id = owner.weddingIds[0]!;
    const [w] = await one(`SELECT wedding_date::text AS d FROM wedding WHERE wedding_id = $1`, [id]);
    await db.pool.query(
      `INSERT INTO event (wedding_id, name, event_type, region, event_date, start_time, end_time, status)
       VALUES ($1, 'Late party', 'Party', 'Ohrid', $2::date - 30, '22:00', '02:00', 'Scheduled'),
              ($1, 'Night swim', 'Other', 'Ohrid', $2::date - 29, '01:00', '01:30', 'Scheduled'),
              ($1, 'Breakfast', 'Brunch', 'Ohrid', $2::date - 29, '09:00', '10:00', 'Scheduled')`,
      [id, w.d],
    );
    const o = (await getWeddingOverview(planner(), id, TODAY))!;
    const flag = (name: string) => o.timeline.find((e) => e.name === name)!.overlaps;
    expect(flag("Late party")).toBe(true);
    expect(flag("Night swim")).toBe(true);
    expect(flag("Breakfast")).toBe(false);
    const order = o.timeline.map((e) => `${e.date} ${e.startTime}`);
    expect(order).toEqual([...order].sort());
  });

  it("is null for another planner's wedding and for an unknown id", async () => {
    expect(await getWeddingOverview(planner(), other.weddingIds[0]!, TODAY)).toBeNull();
    expect(await getWeddingOverview(planner(), 999_999, TODAY)).toBeNull();
  });

  it("makes at most 4 database round trips, whatever the number of guests and events", async () => {
    const counts: number[] = [];
    for (const id of [owner.weddingIds[0]!, owner.weddingIds.at(-1)!]) {
      await db.pool.query("SELECT pg_stat_statements_reset()");
      await getWeddingOverview(planner(), id, TODAY);
      // Top-level statements only: a statement inside a function (wedding_open_items()) is no round trip.
      const { rows } = await db.pool.query<{ calls: string }>(
        `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND userid = 'wedding_app'::regrole
           AND toplevel`,
      );
      counts.push(Number(rows[0]!.calls));
    }
    for (const calls of counts) {
      expect(calls).toBeGreaterThan(0);
      expect(calls).toBeLessThanOrEqual(4);
    }
  });
});
