import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

// The dashboard's budget figures against totals computed one table at a time,
// on demo data where every wedding has several budget lines, events, expenses,
// guests and RSVPs: exactly where the report's single-join query goes wrong.

let db: TestDatabase;
let getBudgetAnalysis: typeof import("./analysis").getBudgetAnalysis;
let withIdentity: typeof import("@/lib/db/with-identity").withIdentity;
let plannerUserId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  ({ getBudgetAnalysis } = await import("./analysis"));
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  plannerUserId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id LIMIT 1`))
    .rows[0]!.user_id;
});
afterAll(() => db.drop());

async function oneTableAtATime(weddingId: number) {
  const q = async (sql: string) => (await db.pool.query<{ v: string | null }>(sql, [weddingId])).rows[0]!.v;
  const budget = Number(await q(`SELECT coalesce(sum(budget_amount), 0)::text AS v FROM budget WHERE wedding_id = $1`));
  const spent = Number(
    await q(
      `SELECT coalesce(sum(actual_cost), 0)::text AS v FROM expense WHERE wedding_id = $1 AND status = 'Approved'`,
    ),
  );
  const events = Number(
    await q(`SELECT count(*)::text AS v FROM event WHERE wedding_id = $1 AND status <> 'Cancelled'`),
  );
  const confirmed = Number(
    await q(`SELECT count(DISTINCT guest_id)::text AS v FROM event_rsvp WHERE wedding_id = $1 AND status = 'Accepted'`),
  );
  return { budget, spent, events, confirmed };
}

describe("getBudgetAnalysis", () => {
  it("matches totals computed one table at a time for every one of the planner's weddings", async () => {
    const rows = await withIdentity({ kind: "user", userId: plannerUserId, role: "planner" }, (tx) =>
      getBudgetAnalysis(tx),
    );
    const own = await db.pool.query<{ wedding_id: number }>(
      `SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) WHERE p.user_id = $1`,
      [plannerUserId],
    );
    expect(rows.map((r) => r.weddingId).sort()).toEqual(own.rows.map((r) => r.wedding_id).sort());
    for (const row of rows) {
      const truth = await oneTableAtATime(row.weddingId);
      expect(row.totalBudget.toFixed(2), `budget of ${row.weddingId}`).toBe(truth.budget.toFixed(2));
      expect(row.totalSpent.toFixed(2), `spent of ${row.weddingId}`).toBe(truth.spent.toFixed(2));
      expect(row.totalEvents).toBe(truth.events);
      expect(row.confirmedGuests).toBe(truth.confirmed);
      expect(Number(row.spendPercentage)).toBeCloseTo((100 * truth.spent) / truth.budget, 2);
      expect(truth.events).toBeGreaterThan(1);
    }
  });

  it("differs from the report's single-join query, which multiplies the sums", async () => {
    const { rows } = await db.pool.query<{ wedding_id: number; total_budget: string }>(`
      SELECT w.wedding_id, COALESCE(SUM(b.budget_amount), 0) AS total_budget
      FROM wedding w
      LEFT JOIN budget b ON w.wedding_id = b.wedding_id
      LEFT JOIN event ev ON w.wedding_id = ev.wedding_id AND ev.status != 'Cancelled'
      LEFT JOIN expense e ON ev.event_id = e.event_id AND e.status = 'Approved'
      LEFT JOIN guest g ON w.wedding_id = g.wedding_id
      LEFT JOIN event_rsvp r ON g.guest_id = r.guest_id
      GROUP BY w.wedding_id ORDER BY w.wedding_id LIMIT 1`);
    const truth = await oneTableAtATime(rows[0]!.wedding_id);
    expect(Number(rows[0]!.total_budget)).toBeGreaterThan(truth.budget * 10);
  });

  it("orders by spend, so the over-budget weddings come first, and shows no other planner's wedding", async () => {
    const rows = await withIdentity({ kind: "user", userId: plannerUserId, role: "planner" }, (tx) =>
      getBudgetAnalysis(tx),
    );
    const percentages = rows.map((r) => Number(r.spendPercentage ?? -1));
    expect(percentages).toEqual([...percentages].sort((a, b) => b - a));
    const foreign = await db.pool.query<{ wedding_id: number }>(
      `SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) WHERE p.user_id <> $1 LIMIT 1`,
      [plannerUserId],
    );
    const scoped = await withIdentity({ kind: "user", userId: plannerUserId, role: "planner" }, (tx) =>
      getBudgetAnalysis(tx, [foreign.rows[0]!.wedding_id]),
    );
    expect(scoped).toEqual([]);
  });
});
