import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Reconciliation from "./reconciliation";
import type * as Queries from "./queries";
import type * as WithIdentity from "@/lib/db/with-identity";
import { parseReconciliationSearchParams, type TReconciliationFilters } from "./schema";
import { createTestBooking, createTestVendor, listPlanners, type TestBooking } from "./test-fixtures";

// The reconciliation page's query across a planner's weddings, and the plan
// PostgreSQL picks for it at volume: the date range prunes payment's monthly
// partitions and idx_payment_status_date (its partition in the month) serves
// the status filter, in date order, under the planner's row-level security.

let db: TestDatabase;
let listReconciliation: typeof Reconciliation.listReconciliation;
let reconciliationRowsQuery: typeof Reconciliation.reconciliationRowsQuery;
let listOverdueItems: typeof Queries.listOverdueItems;
let withIdentity: typeof WithIdentity.withIdentity;
let disconnectApp: () => Promise<void>;
let plannerA: Identity;
let plannerB: Identity;
let bulk: TestBooking;

const BULK_ROWS = 80_000;
const filters = (raw: Record<string, string>): TReconciliationFilters => parseReconciliationSearchParams(raw).filters;

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

const marchFailed = () =>
  reconciliationRowsQuery(filters({ status: "Failed", from: "2026-03-01", to: "2026-03-31" }), 1);

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  ({ listReconciliation, reconciliationRowsQuery } = await import("./reconciliation"));
  ({ listOverdueItems } = await import("./queries"));
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const [a, b] = await listPlanners(db);
  plannerA = { kind: "user", userId: a!.userId, role: "planner" };
  plannerB = { kind: "user", userId: b!.userId, role: "planner" };
  const vendorId = await createTestVendor(db, "Reconciliation Test Choir");
  bulk = await createTestBooking(db, a!.weddingIds[0]!, vendorId, "9999999.00");
  // Two years of payments on one of planner A's bookings: mostly Completed,
  // 5% Pending, 1% Failed. Loaded without triggers (no audit rows), then analysed.
  const client = await db.pool.connect();
  try {
    await client.query("SET session_replication_role = replica");
    await client.query(
      `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date, method)
       SELECT $1, $2, $3, $4, 10 + g % 100,
              (CASE WHEN g % 100 = 0 THEN 'Failed' WHEN g % 100 < 6 THEN 'Pending' ELSE 'Completed' END)::payment_status,
              DATE '2025-01-01' + g % 730, 'Bulk'
       FROM generate_series(1, ${BULK_ROWS}) g`,
      [bulk.bookingId, bulk.eventDate, bulk.weddingId, bulk.clientId],
    );
    await client.query("RESET session_replication_role");
    await client.query("ANALYZE payment");
  } finally {
    client.release();
  }
}, 240_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("the reconciliation query", () => {
  it("as a planner, reads only the month's partition for a status and a month", async () => {
    const plan = await withIdentity(plannerA, async (tx) => {
      const [row] = await tx.$queryRaw<
        { "QUERY PLAN": [{ Plan: PlanNode }] }[]
      >`EXPLAIN (FORMAT JSON) ${marchFailed()}`;
      return row!["QUERY PLAN"][0].Plan;
    });
    const scans = nodes(plan).filter((n) => n["Relation Name"]?.startsWith("payment"));
    // Partition pruning: March 2026 alone, of 121 partitions.
    expect(scans.map((n) => n["Relation Name"])).toEqual(["payment_2026_03"]);
    // The status is checked in that scan, after the row-level security policy:
    // enum equality is not LEAKPROOF, so under RLS it cannot be an index condition.
    expect(JSON.stringify(scans[0])).toContain("payment_status = 'Failed'::payment_status");
  });

  it("without row-level security (as a reporting job runs it), uses idx_payment_status_date in that partition", async () => {
    const query = marchFailed();
    const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${query.text}`,
      query.values,
    );
    const all = nodes(rows[0]!["QUERY PLAN"][0].Plan);
    const scans = all.filter((n) => n["Relation Name"]?.startsWith("payment"));
    expect(scans.map((n) => n["Relation Name"])).toEqual(["payment_2026_03"]);
    // An index scan names its index; a bitmap heap scan has it on its bitmap index scan child.
    const used = all.map((n) => n["Index Name"]).filter((name) => name?.startsWith("payment_"));
    const { rows: children } = await db.pool.query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'idx_payment_status_date'::regclass`,
    );
    const statusDateIndexes = new Set(children.map((r) => r.relname));
    expect(used).toHaveLength(1);
    expect(statusDateIndexes.has(used[0]!)).toBe(true);
  });

  it("prunes to the months of the range without a status filter", async () => {
    const plan = await withIdentity(plannerA, async (tx) => {
      const query = reconciliationRowsQuery(filters({ from: "2026-02-15", to: "2026-04-10" }), 1);
      const [row] = await tx.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>`EXPLAIN (FORMAT JSON) ${query}`;
      return row!["QUERY PLAN"][0].Plan;
    });
    const scanned = new Set(
      nodes(plan)
        .map((n) => n["Relation Name"])
        .filter((name) => name?.startsWith("payment")),
    );
    expect([...scanned].sort()).toEqual(["payment_2026_02", "payment_2026_03", "payment_2026_04"]);
  });

  it("filters by status and dates, newest first, one page at a time", async () => {
    const f = filters({ status: "Failed", from: "2026-03-01", to: "2026-03-31", size: "25" });
    const expected = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment
       WHERE payment_status = 'Failed' AND payment_date BETWEEN '2026-03-01' AND '2026-03-31'
         AND wedding_id IN (SELECT wedding_id FROM wedding w JOIN planner p USING (planner_id) WHERE p.user_id = $1)`,
      [(plannerA as { userId: number }).userId],
    );
    const first = await listReconciliation(plannerA, f);
    expect(first.total).toBe(expected.rows[0]!.n);
    expect(first.total).toBeGreaterThan(25);
    expect(first.rows).toHaveLength(25);
    for (const row of first.rows) {
      expect(row.status).toBe("Failed");
      expect(row.date >= "2026-03-01" && row.date <= "2026-03-31").toBe(true);
    }
    const dates = first.rows.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const second = await listReconciliation(plannerA, { ...f, page: 2 });
    expect(second.page).toBe(2);
    expect(second.rows[0]!.date <= first.rows[24]!.date).toBe(true);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(first.rows.length + second.rows.length);
    // A page past the end shows the last one.
    const last = await listReconciliation(plannerA, { ...f, page: 9999 });
    expect(last.page).toBe(Math.ceil(first.total / 25));
  });

  it("shows refunds as refunds, and another planner none of it", async () => {
    await db.pool.query(
      `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date,
                            refund_of_payment_id, refund_of_payment_date)
       SELECT booking_id, booking_event_date, wedding_id, client_id, 5, 'Refunded', '2026-11-15', payment_id, payment_date
       FROM payment WHERE booking_id = $1 AND payment_status = 'Completed' ORDER BY payment_id LIMIT 1`,
      [bulk.bookingId],
    );
    const refunds = await listReconciliation(
      plannerA,
      filters({ status: "Refunded", from: "2026-11-15", to: "2026-11-15" }),
    );
    expect(refunds.rows).toContainEqual(
      expect.objectContaining({ isRefund: true, amount: "5.00", supplier: "Reconciliation Test Choir" }),
    );
    const theirs = await listReconciliation(plannerB, filters({ from: "2025-01-01", to: "2026-12-31", size: "100" }));
    expect(theirs.rows.some((r) => r.weddingId === bulk.weddingId)).toBe(false);
    expect(theirs.total).toBeLessThan(1000);
  });
});

describe("withIdentity's isolation level", () => {
  it("is REPEATABLE READ when asked, as the reconciliation asks, and READ COMMITTED otherwise", async () => {
    const level = (options?: { isolationLevel: "RepeatableRead" }) =>
      withIdentity(
        plannerA,
        async (tx) =>
          (await tx.$queryRaw<{ level: string }[]>`SELECT current_setting('transaction_isolation') AS level`)[0]!.level,
        options,
      );
    expect(await level({ isolationLevel: "RepeatableRead" })).toBe("repeatable read");
    expect(await level()).toBe("read committed");
  });
});

describe("overdue money across a planner's weddings", () => {
  async function weddingsOf(identity: Identity): Promise<Set<number>> {
    const { rows } = await db.pool.query<{ wedding_id: number }>(
      `SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) WHERE p.user_id = $1`,
      [(identity as { userId: number }).userId],
    );
    return new Set(rows.map((r) => r.wedding_id));
  }

  it("lists the overdue installments and payments of the planner's weddings, oldest first", async () => {
    const items = await listOverdueItems(plannerB, "2026-11-01");
    const own = await weddingsOf(plannerB);
    expect(items.some((i) => i.source === "installment")).toBe(true);
    for (const item of items) {
      expect(own.has(item.weddingId)).toBe(true);
      expect(item.dueDate < "2026-11-01").toBe(true);
    }
    const days = items.map((i) => i.dueDate);
    expect(days).toEqual([...days].sort());
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_open_item WHERE due_date < '2026-11-01' AND wedding_id = ANY($1)`,
      [[...own]],
    );
    expect(items).toHaveLength(rows[0]!.n);
  });

  it("shows no planner another planner's overdue money", async () => {
    const mine = await listOverdueItems(plannerA, "2026-11-01");
    expect(mine.some((i) => i.source === "payment" && i.bookingId === bulk.bookingId)).toBe(true);
    const theirs = await listOverdueItems(plannerB, "2026-11-01");
    const ownOfA = await weddingsOf(plannerA);
    expect(theirs.some((i) => ownOfA.has(i.weddingId))).toBe(false);
  });
});
