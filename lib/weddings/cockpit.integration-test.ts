import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import {
  COCKPIT_SORTS,
  DEFAULT_COCKPIT_FILTERS,
  parseCockpitSearchParams,
  type TCockpitFilters,
} from "./cockpit-schema";
import type { CockpitRow } from "./cockpit";

// The cockpit's figures against totals computed one table at a time, its
// sorting against PostgreSQL's own ORDER BY over those totals, and its search,
// filters and pages against what row-level security lets each person see.

let db: TestDatabase;
let listCockpit: typeof import("./cockpit").listCockpit;
let getWeddingOverview: typeof import("./overview").getWeddingOverview;
let planner: Identity;
let admin: Identity;
let own: { id: number; name: string; couple: string }[];
let foreign: { id: number; name: string; couple: string }[];
const TODAY = "2026-11-23";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  await db.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  ({ listCockpit } = await import("./cockpit"));
  ({ getWeddingOverview } = await import("./overview"));
  const planners = await db.pool.query<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id`);
  const plannerUserId = planners.rows[0]!.user_id;
  planner = { kind: "user", userId: plannerUserId, role: "planner" };
  const adminRow = await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`);
  admin = { kind: "user", userId: adminRow.rows[0]!.user_id, role: "admin" };
  const weddings = await db.pool.query<{ id: number; name: string; couple: string; mine: boolean }>(
    `SELECT w.wedding_id AS id, w.wedding_name AS name, c.name AS couple, p.user_id = $1 AS mine
     FROM wedding w JOIN client c USING (client_id) JOIN planner p ON p.planner_id = w.planner_id
     ORDER BY w.wedding_id`,
    [plannerUserId],
  );
  own = weddings.rows.filter((w) => w.mine);
  foreign = weddings.rows.filter((w) => !w.mine);
  // The seed answers all of a guest's invitations at once; a guest who has
  // answered some and not others tells "pending" definitions apart.
  const mixed = await db.pool.query<{ guest_id: number; rsvp_ids: number[] }>(
    `SELECT r.guest_id, array_agg(r.rsvp_id ORDER BY r.rsvp_id) AS rsvp_ids
     FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
     WHERE e.status <> 'Cancelled' AND r.wedding_id = ANY($1::int[])
     GROUP BY r.guest_id HAVING count(*) >= 2 AND bool_and(r.status = 'Pending')
     ORDER BY r.guest_id LIMIT 2`,
    [own.map((w) => w.id)],
  );
  expect(mixed.rows).toHaveLength(2);
  await db.pool.query(`UPDATE event_rsvp SET status = 'Declined', responded_at = now() WHERE rsvp_id = $1`, [
    mixed.rows[0]!.rsvp_ids[0],
  ]);
  await db.pool.query(`UPDATE event_rsvp SET status = 'Accepted', responded_at = now() WHERE rsvp_id = $1`, [
    mixed.rows[1]!.rsvp_ids[0],
  ]);
});
afterAll(() => db.drop());

const filters = (changes: Partial<TCockpitFilters> = {}): TCockpitFilters => ({
  ...DEFAULT_COCKPIT_FILTERS,
  size: 50,
  ...changes,
});

// Each figure from its own table, with correlated subqueries: nothing is joined to anything it could multiply.
const TRUTH = `
  SELECT w.wedding_id, w.wedding_name, w.wedding_date, w.status::text AS status, c.name AS couple,
         w.wedding_date - $2::date AS days_left,
         (SELECT count(DISTINCT r.guest_id) FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
           WHERE r.wedding_id = w.wedding_id AND e.status <> 'Cancelled')::int AS invited,
         (SELECT count(DISTINCT r.guest_id) FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
           WHERE r.wedding_id = w.wedding_id AND e.status <> 'Cancelled' AND r.status = 'Accepted')::int AS accepted,
         (SELECT count(DISTINCT r.guest_id) - count(DISTINCT r.guest_id) FILTER (WHERE r.status <> 'Pending')
            FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
           WHERE r.wedding_id = w.wedding_id AND e.status <> 'Cancelled')::int AS pending,
         (SELECT coalesce(sum(budget_amount), 0) FROM budget WHERE wedding_id = w.wedding_id) AS budget,
         (SELECT coalesce(sum(actual_cost), 0) FROM expense WHERE wedding_id = w.wedding_id AND status = 'Approved') AS spent,
         (SELECT count(*) FROM payment WHERE wedding_id = w.wedding_id AND payment_status = 'Pending'
             AND coalesce(due_date, payment_date) < $2::date)::int AS overdue_count,
         (SELECT coalesce(sum(amount), 0) FROM payment WHERE wedding_id = w.wedding_id AND payment_status = 'Pending'
             AND coalesce(due_date, payment_date) < $2::date) AS overdue_amount,
         (SELECT name FROM event WHERE wedding_id = w.wedding_id AND status IN ('Scheduled', 'Confirmed')
             AND event_date >= $2::date ORDER BY event_date, start_time, event_id LIMIT 1) AS next_event_name,
         (SELECT event_date FROM event WHERE wedding_id = w.wedding_id AND status IN ('Scheduled', 'Confirmed')
             AND event_date >= $2::date ORDER BY event_date, start_time, event_id LIMIT 1) AS next_event_date,
         (SELECT start_time FROM event WHERE wedding_id = w.wedding_id AND status IN ('Scheduled', 'Confirmed')
             AND event_date >= $2::date ORDER BY event_date, start_time, event_id LIMIT 1) AS next_event_start
  FROM wedding w JOIN client c USING (client_id)
  WHERE w.wedding_id = ANY($1::int[])`;

// The same orderings written out independently, run by PostgreSQL over the one-table-at-a-time figures.
const TRUTH_ORDER: Record<(typeof COCKPIT_SORTS)[number], string> = {
  name: "wedding_name {dir}",
  date: "wedding_date {dir}",
  couple: "couple {dir}",
  invited: "invited {dir}",
  accepted: "accepted {dir}",
  pending: "pending {dir}",
  budget_used: "round(100.0 * spent / nullif(budget, 0), 2) {dir} NULLS LAST",
  overdue: "overdue_count {dir}, overdue_amount {dir}",
  next_event: "next_event_date {dir} NULLS LAST, next_event_start {dir} NULLS LAST",
};

async function truthOrder(ids: number[], sort: keyof typeof TRUTH_ORDER, dir: "asc" | "desc"): Promise<number[]> {
  const order = TRUTH_ORDER[sort].replaceAll("{dir}", dir.toUpperCase());
  const { rows } = await db.pool.query<{ wedding_id: number }>(
    `SELECT wedding_id FROM (${TRUTH}) t ORDER BY ${order}, wedding_id ${dir.toUpperCase()}`,
    [ids, TODAY],
  );
  return rows.map((r) => r.wedding_id);
}

describe("listCockpit", () => {
  it("gives every figure of every one of the planner's weddings as the tables say it, one table at a time", async () => {
    const result = await listCockpit(planner, filters(), TODAY);
    expect(result.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(own.map((w) => w.id));
    expect(result.total).toBe(own.length);

    const { rows: truth } = await db.pool.query(`${TRUTH} ORDER BY w.wedding_id`, [own.map((w) => w.id), TODAY]);
    let overdueSeen = 0;
    let overBudgetSeen = 0;
    for (const t of truth) {
      const row = result.rows.find((r) => r.id === t.wedding_id)!;
      const label = `wedding ${t.wedding_id}`;
      expect(row.name, label).toBe(t.wedding_name);
      expect(row.couple, label).toBe(t.couple);
      expect(row.status, label).toBe(t.status);
      expect(row.date, label).toBe(t.wedding_date.toISOString().slice(0, 10));
      expect(row.daysLeft, label).toBe(Math.round((Date.parse(row.date) - Date.parse(TODAY)) / 86_400_000));
      expect(row.daysLeft, label).toBe(t.days_left);
      expect(row.invited, label).toBe(t.invited);
      expect(row.accepted, label).toBe(t.accepted);
      expect(row.pending, label).toBe(t.pending);
      expect(row.accepted + row.pending, label).toBeLessThanOrEqual(row.invited);
      expect(row.budget, label).toBe(Number(t.budget).toFixed(2));
      expect(row.spent, label).toBe(Number(t.spent).toFixed(2));
      expect(row.overBudget, label).toBe(Number(t.spent) > Number(t.budget));
      if (Number(t.budget) > 0) {
        expect(Number(row.budgetUsed), label).toBeCloseTo((100 * Number(t.spent)) / Number(t.budget), 2);
      } else {
        expect(row.budgetUsed, label).toBeNull();
      }
      expect(row.overdueCount, label).toBe(t.overdue_count);
      expect(row.overdueAmount, label).toBe(Number(t.overdue_amount).toFixed(2));
      if (t.next_event_name === null) {
        expect(row.nextEvent, label).toBeNull();
      } else {
        expect(row.nextEvent, label).toEqual({
          name: t.next_event_name,
          date: t.next_event_date.toISOString().slice(0, 10),
          startTime: t.next_event_start.slice(0, 5),
        });
      }
      if (row.overdueCount > 0) overdueSeen++;
      if (row.overBudget) overBudgetSeen++;
    }
    // The demo data must exercise what this test checks.
    expect(overBudgetSeen).toBeGreaterThan(0);
    expect(overdueSeen).toBeGreaterThan(0);
    expect(result.rows.some((r) => r.invited > r.accepted + r.pending)).toBe(true);
    expect(result.rows.some((r) => r.pending > 0)).toBe(true);
  });

  it("agrees with the wedding overview on budget, spend and overdue payments", async () => {
    const { rows } = await listCockpit(planner, filters(), TODAY);
    for (const row of rows) {
      const overview = (await getWeddingOverview(planner, row.id, TODAY))!;
      expect(row.budget).toBe(overview.totals.budget);
      expect(row.spent).toBe(overview.totals.spent);
      expect(row.overBudget).toBe(overview.totals.overBudget);
      expect(row.budgetUsed).toBe(overview.totals.spendPercentage);
      expect(row.overdueCount).toBe(overview.payments.filter((p) => p.overdue).length);
    }
  });

  it.each(COCKPIT_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))(
    "sorts by %s %s exactly as PostgreSQL orders the one-table-at-a-time figures",
    async (sort, dir) => {
      const { rows } = await listCockpit(admin, filters({ sort, dir }), TODAY);
      const ids = rows.map((r) => r.id);
      expect(ids).toHaveLength(own.length + foreign.length);
      expect(ids).toEqual(await truthOrder(ids, sort, dir));
    },
  );

  it("searches wedding names and couples, case-insensitively", async () => {
    const target = own[1]!;
    const byName = await listCockpit(planner, filters({ q: target.name.toUpperCase() }), TODAY);
    expect(byName.rows.map((r) => r.id)).toContain(target.id);
    for (const row of byName.rows) {
      expect(`${row.name} ${row.couple}`.toLowerCase()).toContain(target.name.toLowerCase());
    }
    const surname = target.couple.split(" ").at(-1)!;
    const byCouple = await listCockpit(planner, filters({ q: surname.toLowerCase() }), TODAY);
    expect(byCouple.rows.map((r) => r.id)).toContain(target.id);
    expect(byCouple.total).toBe(own.filter((w) => w.couple.toLowerCase().includes(surname.toLowerCase())).length);
  });

  it("treats % and _ in a search as plain characters", async () => {
    for (const q of ["%", "_", "%%", "\\", "a%e", "_%_"]) {
      const result = await listCockpit(admin, filters({ q }), TODAY);
      expect(result.total, q).toBe(0);
      expect(result.rows, q).toEqual([]);
    }
    const target = own[0]!;
    await db.pool.query(`UPDATE wedding SET wedding_name = $2 WHERE wedding_id = $1`, [target.id, "100% Love_Story"]);
    try {
      for (const q of ["%", "100%", "_", "e_S"]) {
        const result = await listCockpit(planner, filters({ q }), TODAY);
        expect(
          result.rows.map((r) => r.id),
          q,
        ).toEqual([target.id]);
      }
      expect((await listCockpit(planner, filters({ q: "100_" }), TODAY)).total).toBe(0);
    } finally {
      await db.pool.query(`UPDATE wedding SET wedding_name = $2 WHERE wedding_id = $1`, [target.id, target.name]);
    }
  });

  it("filters by status, over budget and overdue payments, alone and together", async () => {
    const all = (await listCockpit(admin, filters(), TODAY)).rows;
    const check = async (changes: Partial<TCockpitFilters>, keep: (r: CockpitRow) => boolean) => {
      const result = await listCockpit(admin, filters(changes), TODAY);
      const expected = all.filter(keep).map((r) => r.id);
      expect(result.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      expect(result.total).toBe(expected.length);
      return expected.length;
    };
    expect(await check({ status: "Confirmed" }, (r) => r.status === "Confirmed")).toBeGreaterThan(0);
    expect(await check({ status: "Completed" }, (r) => r.status === "Completed")).toBeGreaterThan(0);
    expect(await check({ status: "Cancelled" }, (r) => r.status === "Cancelled")).toBe(0);
    expect(await check({ over: true }, (r) => r.overBudget)).toBeGreaterThan(0);
    expect(await check({ overdue: true }, (r) => r.overdueCount > 0)).toBeGreaterThan(0);
    await check({ over: true, overdue: true }, (r) => r.overBudget && r.overdueCount > 0);
    await check({ status: "Confirmed", overdue: true }, (r) => r.status === "Confirmed" && r.overdueCount > 0);
  });

  it("pages through every wedding without gaps or repeats, and shows the last page for one past the end", async () => {
    const total = own.length + foreign.length;
    expect(total).toBeGreaterThan(10);
    const seen: number[] = [];
    const pageCount = Math.ceil(total / 10);
    for (let page = 1; page <= pageCount; page++) {
      const result = await listCockpit(admin, filters({ size: 10, page }), TODAY);
      expect(result).toMatchObject({ total, page, pageCount, pageSize: 10 });
      expect(result.rows.length).toBe(page < pageCount ? 10 : total - 10 * (pageCount - 1));
      seen.push(...result.rows.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(await truthOrder(seen, "date", "asc"));

    const last = await listCockpit(admin, filters({ size: 10, page: pageCount }), TODAY);
    const beyond = await listCockpit(admin, filters({ size: 10, page: 9_999 }), TODAY);
    expect(beyond.page).toBe(pageCount);
    expect(beyond.rows.map((r) => r.id)).toEqual(last.rows.map((r) => r.id));

    const none = await listCockpit(admin, filters({ q: "no wedding is called this", page: 3 }), TODAY);
    expect(none).toEqual({ rows: [], total: 0, page: 1, pageCount: 1, pageSize: 50 });
  });

  it("never shows another planner's wedding, even when searched by name; an admin sees every wedding", async () => {
    const mine = await listCockpit(planner, filters(), TODAY);
    const foreignIds = new Set(foreign.map((w) => w.id));
    expect(mine.rows.some((r) => foreignIds.has(r.id))).toBe(false);
    for (const w of foreign.slice(0, 3)) {
      const searched = await listCockpit(planner, filters({ q: w.name }), TODAY);
      expect(searched.rows.some((r) => r.id === w.id)).toBe(false);
    }
    const everyone = await listCockpit(admin, filters(), TODAY);
    expect(everyone.total).toBe(own.length + foreign.length);
    expect(everyone.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      [...own, ...foreign].map((w) => w.id).sort((a, b) => a - b),
    );
    const vendor = await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'vendor' LIMIT 1`);
    const asVendor = await listCockpit(
      { kind: "user", userId: vendor.rows[0]!.user_id, role: "vendor" },
      filters(),
      TODAY,
    );
    expect(asVendor.rows.every((r) => r.invited === 0 && r.budget === "0.00")).toBe(true);
  });

  it("reads a whole page in one statement, however many weddings, guests and payments there are", async () => {
    const counts: number[] = [];
    for (const [who, changes] of [
      [planner, {}],
      [admin, { q: "&", over: true, sort: "next_event", dir: "desc" }],
    ] as const) {
      await db.pool.query("SELECT pg_stat_statements_reset()");
      await listCockpit(who, filters(changes), TODAY);
      const { rows } = await db.pool.query<{ calls: string }>(
        `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND userid = 'wedding_app'::regrole
           AND query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK)' AND query !~* 'set_config'
           -- Statements the app sends; the overdue figures' function runs its own inside.
           AND toplevel`,
      );
      counts.push(Number(rows[0]!.calls));
    }
    expect(counts).toEqual([1, 1]);
  });

  it("lists with the defaults when the address is bad", async () => {
    const { filters: parsed, notes } = parseCockpitSearchParams({
      sort: "wedding_date; DROP TABLE wedding",
      dir: "up",
      page: "-1",
      size: "1000",
      status: "Eloped",
      over: "yes",
      q: "x".repeat(500),
    });
    expect(parsed).toEqual(DEFAULT_COCKPIT_FILTERS);
    expect(notes).toHaveLength(7);
    const result = await listCockpit(planner, parsed, TODAY);
    expect(result.total).toBe(own.length);
    expect(result.rows.map((r) => r.id)).toEqual(
      await truthOrder(
        result.rows.map((r) => r.id),
        "date",
        "asc",
      ),
    );
  });
});
