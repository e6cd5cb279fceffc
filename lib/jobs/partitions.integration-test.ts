import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBooking, addPayment, createBookingFixture, type BookingFixture } from "@/lib/test/booking-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { maintainPartitions } from "./partitions";
import { JOBS } from "./registry";
import { runJob } from "./run-job";
import { ZPartitionReportSchema, type TPartitionReport } from "./schema";

// The partition maintenance job (report section 3.2) against a migrated
// database, whose fixed partitions run from 2021 to 2030: "today" moves to
// 2027 and 2028 for the yearly index, then to 2030 so the job has partitions
// to add.

let db: TestDatabase;
let pool: pg.Pool;
let fixture: BookingFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  fixture = await createBookingFixture(db.pool, { vendorCategories: ["Florist"] });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const partitionJob = JOBS.find((job) => job.name === "partition-maintenance")!;

async function run(today: string): Promise<TPartitionReport> {
  const outcome = await runJob(pool, partitionJob, { source: "once", today });
  expect(outcome.error).toBeUndefined();
  expect(outcome.status).toBe("succeeded");
  return ZPartitionReportSchema.parse(outcome.result);
}

async function partitions(parent: string): Promise<Map<string, string>> {
  const { rows } = await db.pool.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent = $1::regclass ORDER BY c.relname`,
    [parent],
  );
  return new Map(rows.map((r) => [r.name, r.bound]));
}

/** Every table a plan reads, from EXPLAIN (FORMAT JSON). */
function relationsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => relationsIn(child, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "Relation Name" && typeof value === "string") found.push(value);
      else relationsIn(value, found);
    }
  }
  return found;
}

async function planRelations(sql: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`);
  return relationsIn(rows[0]!["QUERY PLAN"]);
}

describe("the current-year index", () => {
  async function indexState() {
    const { rows } = await db.pool.query<{ def: string; valid: boolean; children: number; partitions: number }>(`
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid,
             (SELECT count(*)::int FROM pg_inherits h WHERE h.inhparent = i.indexrelid) AS children,
             (SELECT count(*)::int FROM pg_inherits h WHERE h.inhparent = 'booking'::regclass) AS partitions
        FROM pg_index i WHERE i.indexrelid = 'idx_booking_current_year'::regclass`);
    return rows[0]!;
  }

  it("starts at the migration's constant", async () => {
    expect((await indexState()).def).toContain("WHERE (event_date >= '2026-01-01'::date)");
  });

  it("is rebuilt with the new year's constant, on every partition, and the old one is gone", async () => {
    const report = await run("2027-01-05");
    expect(report.currentYearIndex).toMatchObject({ start: "2027-01-01", previous: "2026-01-01", rebuilt: true });
    const state = await indexState();
    expect(state.def).toBe(
      "CREATE INDEX idx_booking_current_year ON ONLY public.booking USING btree (client_id, event_date) WHERE (event_date >= '2027-01-01'::date)",
    );
    expect(state.valid).toBe(true);
    expect(state.children).toBe(state.partitions);
    expect(report.currentYearIndex.partitions).toBe(state.partitions);
    const leftovers = await db.pool.query(
      "SELECT relname FROM pg_class WHERE relname = 'idx_booking_current_year_next' OR relname LIKE '%\\_cy2026\\_idx'",
    );
    expect(leftovers.rows).toEqual([]);

    // The planner can use it for a query written with a constant date.
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      await client.query("SET LOCAL enable_bitmapscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        "EXPLAIN (COSTS OFF) SELECT event_date FROM booking WHERE client_id = 1 AND event_date >= '2027-03-01' AND event_date < '2027-04-01'",
      );
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("booking_2027_q1_cy2027_idx");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  });

  it("is left alone later in the same year", async () => {
    const report = await run("2027-11-30");
    expect(report.currentYearIndex).toEqual({
      start: "2027-01-01",
      previous: "2027-01-01",
      rebuilt: false,
      partitions: 0,
    });
  });

  it("recovers from a rebuild that stopped half-way", async () => {
    // The first partition's index built, then the process died.
    const { rows } = await db.pool.query<{ ddl: string }>(
      "SELECT ddl FROM booking_current_year_index_prepare('2028-01-01') LIMIT 1",
    );
    await db.pool.query(rows[0]!.ddl);
    const report = await maintainPartitions({ pool, today: "2028-02-01", log: () => {} });
    expect(report.currentYearIndex).toMatchObject({ start: "2028-01-01", rebuilt: true });
    const state = await indexState();
    expect(state.def).toContain("WHERE (event_date >= '2028-01-01'::date)");
    expect(state.valid).toBe(true);
    expect(state.children).toBe(state.partitions);
  });

  it("refuses a start that is not the first of January", async () => {
    await expect(db.pool.query("SELECT * FROM booking_current_year_index_prepare('2028-03-01')")).rejects.toThrow(
      /is not the first of January/,
    );
    await expect(db.pool.query("SELECT * FROM maintain_partitions('2028-03-01', -1, 24)")).rejects.toThrow(
      /bad arguments/,
    );
  });

  it("cannot be run by the app role", async () => {
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      for (const call of [
        "SELECT * FROM maintain_partitions('2030-01-01', 8, 24)",
        "SELECT * FROM partition_default_rows()",
        "SELECT * FROM booking_current_year_index_prepare('2031-01-01')",
        "SELECT booking_current_year_index_finish('2031-01-01')",
      ]) {
        await expect(app.query(call)).rejects.toThrow(/permission denied for function/);
      }
    } finally {
      await app.end();
    }
  });
});

describe("partition maintenance", () => {
  it("moves rows out of the default partitions, keeps 8 quarters and 24 months ahead, and reports what is left", async () => {
    const florist = fixture.vendors.Florist!;
    // 2031 has no partitions yet: these land in the default partitions.
    const early2031 = await addBooking(db.pool, fixture, { vendorId: florist }, "2031-05-01");
    await addPayment(db.pool, fixture, early2031, "400.00", "Completed", "2026-02-03");
    await addPayment(db.pool, fixture, early2031, "600.00", "Pending", "2031-02-10");
    // Beyond what the job keeps ahead: it stays in the default partition and is reported.
    await addBooking(db.pool, fixture, { venue: true }, "2040-05-01");
    const before = await db.pool.query<{ partition: string; rows: number }>(
      "SELECT tableoid::regclass::text AS partition, count(*)::int AS rows FROM booking GROUP BY tableoid ORDER BY 1",
    );
    expect(before.rows).toEqual([{ partition: "booking_default", rows: 2 }]);

    const report = await run("2030-06-15");

    // 2030 Q2 plus 8 quarters ends with 2032 Q2; June 2030 plus 24 months ends with June 2032.
    expect(report.created.filter((p) => p.partition.startsWith("booking_")).map((p) => p.partition)).toEqual([
      "booking_2031_q1",
      "booking_2031_q2",
      "booking_2031_q3",
      "booking_2031_q4",
      "booking_2032_q1",
      "booking_2032_q2",
    ]);
    expect(report.created.filter((p) => p.partition.startsWith("payment_"))).toHaveLength(18);
    const bookingParts = await partitions("booking");
    expect(bookingParts.get("booking_2032_q2")).toBe("FOR VALUES FROM ('2032-04-01') TO ('2032-07-01')");
    expect(bookingParts.has("booking_2032_q3")).toBe(false);
    const paymentParts = await partitions("payment");
    expect(paymentParts.get("payment_2032_06")).toBe("FOR VALUES FROM ('2032-06-01') TO ('2032-07-01')");
    expect(paymentParts.has("payment_2032_07")).toBe(false);
    expect(bookingParts.get("booking_default")).toBe("DEFAULT");

    expect(report.created.find((p) => p.partition === "booking_2031_q2")?.movedRows).toBe(1);
    expect(report.created.find((p) => p.partition === "payment_2031_02")?.movedRows).toBe(1);
    expect(report.defaultRows).toEqual([
      { parent: "booking", rows: 1, minKey: "2040-05-01", maxKey: "2040-05-01" },
      { parent: "payment", rows: 0, minKey: null, maxKey: null },
    ]);

    // The report's row-distribution query (section 3.2).
    const after = await db.pool.query<{ partition_name: string; row_count: number }>(
      `SELECT tableoid::regclass::text AS partition_name, COUNT(*)::int AS row_count
         FROM booking GROUP BY tableoid ORDER BY partition_name`,
    );
    expect(after.rows).toEqual([
      { partition_name: "booking_2031_q2", row_count: 1 },
      { partition_name: "booking_default", row_count: 1 },
    ]);
    // The payments kept their booking: the foreign key is back and validated.
    const payments = await db.pool.query<{ partition: string }>(
      `SELECT p.tableoid::regclass::text AS partition FROM payment p
         JOIN booking b ON (b.booking_id, b.event_date) = (p.booking_id, p.booking_event_date)
        WHERE b.booking_id = $1 ORDER BY p.payment_date`,
      [early2031.bookingId],
    );
    expect(payments.rows.map((r) => r.partition)).toEqual(["payment_2026_02", "payment_2031_02"]);
    const fk = await db.pool.query<{ validated: boolean }>(
      "SELECT convalidated AS validated FROM pg_constraint WHERE conname = 'payment_booking_fkey' AND conrelid = 'payment'::regclass",
    );
    expect(fk.rows).toEqual([{ validated: true }]);
    await expect(
      db.pool.query(
        `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_date)
         VALUES ($1, '2031-05-02', $2, $3, 1, '2031-03-01')`,
        [early2031.bookingId, fixture.weddingId, fixture.clientId],
      ),
    ).rejects.toThrow(/payment_booking_fkey/);
    // The move is in the audit trail as a delete and an insert.
    const audit = await db.pool.query<{ operation: string }>(
      "SELECT operation FROM audit_log WHERE table_name = 'booking' AND record_id = $1 ORDER BY log_id",
      [early2031.bookingId],
    );
    expect(audit.rows.map((r) => r.operation)).toEqual(["INSERT", "DELETE", "INSERT"]);
  });

  it("is idempotent: a second run creates nothing and changes nothing", async () => {
    const bookingBefore = await partitions("booking");
    const paymentBefore = await partitions("payment");
    const report = await run("2030-06-15");
    expect(report.created).toEqual([]);
    expect(await partitions("booking")).toEqual(bookingBefore);
    expect(await partitions("payment")).toEqual(paymentBefore);
  });

  it("creates partitions a day later only when a new quarter or month comes into range", async () => {
    expect((await run("2030-06-30")).created).toEqual([]);
    const report = await run("2030-07-01");
    expect(report.created.map((p) => p.partition)).toEqual(["booking_2032_q3", "payment_2032_07"]);
  });

  it("reads exactly one partition for a one-quarter date range, new partitions included", async () => {
    expect(
      await planRelations(
        "SELECT booking_id, client_id, event_date FROM booking WHERE event_date BETWEEN '2032-01-01' AND '2032-03-31'",
      ),
    ).toEqual(["booking_2032_q1"]);
    expect(
      await planRelations(
        "SELECT booking_id, client_id, event_date FROM booking WHERE event_date BETWEEN '2025-01-01' AND '2025-03-31'",
      ),
    ).toEqual(["booking_2025_q1"]);
  });
});
