import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { isSeeded, seedDemoData } from "./demo-data";
import { fingerprintNaturalKeys, fingerprintRows } from "./fingerprint";
import { utcDate } from "./values";

// --reset on a database that also holds data people added themselves.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function minGuestId(): Promise<number> {
  const { rows } = await db.pool.query<{ v: number }>(`SELECT min(guest_id) AS v FROM guest`);
  return rows[0]?.v ?? 0;
}

/** Makes every insert into `table` fail, to break a seed halfway through. */
async function breakInserts(table: string): Promise<() => Promise<void>> {
  await db.pool.query(`
    CREATE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$`);
  await db.pool.query(
    `CREATE TRIGGER test_refuse_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()`,
  );
  return async () => {
    await db.pool.query(`DROP TRIGGER test_refuse_insert ON ${table}`);
    await db.pool.query(`DROP FUNCTION test_refuse_insert()`);
  };
}

describe("seedDemoData", () => {
  it("writes nothing when it fails halfway, because it runs in one transaction", async () => {
    const repair = await breakInserts("payment");
    try {
      await expect(seedDemoData(db.prisma)).rejects.toThrow(/insert refused by the test/);
    } finally {
      await repair();
    }
    expect(await isSeeded(db.prisma)).toBe(false);
    const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM venue`);
    expect(rows[0]?.n).toBe("0");
  });

  it("with reset, recreates the same data under new ids", async () => {
    await seedDemoData(db.prisma);
    const before = await fingerprintNaturalKeys(db.pool);
    const firstGuest = await minGuestId();

    const reset = await seedDemoData(db.prisma, { reset: true });

    expect(reset.outcome).toBe("recreated");
    expect(reset.counts.weddings).toBe(20);
    expect(await fingerprintNaturalKeys(db.pool)).toEqual(before);
    expect(await minGuestId()).toBeGreaterThan(firstGuest);
  });

  it("with reset, keeps the rows people added themselves", async () => {
    const { rows: users } = await db.pool.query<{ user_id: number }>(
      `INSERT INTO users (email, name, role) VALUES ('real.planner@example.com', 'Real Planner', 'planner') RETURNING user_id`,
    );
    const { rows: planners } = await db.pool.query<{ planner_id: number }>(
      `INSERT INTO planner (user_id, company_name) VALUES ($1, 'Real Weddings') RETURNING planner_id`,
      [users[0]?.user_id],
    );
    const { rows: clients } = await db.pool.query<{ client_id: number }>(
      `INSERT INTO client (planner_id, name) VALUES ($1, 'Real Couple') RETURNING client_id`,
      [planners[0]?.planner_id],
    );
    await db.pool.query(
      `INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date) VALUES ($1, $2, 'Real Wedding', '2027-06-01')`,
      [planners[0]?.planner_id, clients[0]?.client_id],
    );
    await db.pool.query(`INSERT INTO venue (name, region, capacity) VALUES ('Real Venue', 'Skopje', 100)`);
    const withOwnRows = await fingerprintNaturalKeys(db.pool);

    await seedDemoData(db.prisma, { reset: true });

    expect(await fingerprintNaturalKeys(db.pool)).toEqual(withOwnRows);
    const { rows } = await db.pool.query(`SELECT 1 FROM wedding WHERE wedding_name = 'Real Wedding'`);
    expect(rows).toHaveLength(1);
  });

  it("with reset, refuses to delete demo venues that other bookings use, and changes nothing", async () => {
    const { rows: wedding } = await db.pool.query<{ wedding_id: number; client_id: number }>(
      `SELECT wedding_id, client_id FROM wedding WHERE wedding_name = 'Real Wedding'`,
    );
    await db.pool.query(
      `INSERT INTO booking (client_id, wedding_id, venue_id, event_date, status, total_cost)
       VALUES ($1, $2, (SELECT venue_id FROM venue WHERE name = 'Vodno Terrace Hall'), $3, 'Confirmed', 1000.00)`,
      [wedding[0]?.client_id, wedding[0]?.wedding_id, utcDate(2027, 6, 1)],
    );
    const before = await fingerprintRows(db.pool);

    await expect(seedDemoData(db.prisma, { reset: true })).rejects.toThrow(/1 booking\(s\) outside the demo data/);

    expect(await fingerprintRows(db.pool)).toEqual(before);
  });

  it("with reset, rolls the deletion back when the new data cannot be written", async () => {
    await db.pool.query(
      `DELETE FROM booking WHERE wedding_id IN (SELECT wedding_id FROM wedding WHERE wedding_name = 'Real Wedding')`,
    );
    const before = await fingerprintRows(db.pool);
    const repair = await breakInserts("event_rsvp");
    try {
      await expect(seedDemoData(db.prisma, { reset: true })).rejects.toThrow(/insert refused by the test/);
    } finally {
      await repair();
    }
    expect(await fingerprintRows(db.pool)).toEqual(before);
  });
});
