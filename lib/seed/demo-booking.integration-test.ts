import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "./demo-data";

// The demo's booking rules: photographers and videographers take one wedding
// a day, and the demo's bookings already keep to it.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
});
afterAll(() => db?.drop());

describe("demo vendors", () => {
  it("marks photographers and videographers, and no one else, as one event a day", async () => {
    const { rows } = await db.pool.query<{ service_category: string; single: boolean; n: number }>(
      `SELECT service_category::text, one_event_per_day AS single, count(*)::int AS n
         FROM vendor GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const single = rows.filter((r) => r.single).map((r) => r.service_category);
    expect(single.sort()).toEqual(["Photography", "Videography"]);
    expect(rows.filter((r) => ["Photography", "Videography"].includes(r.service_category) && !r.single)).toEqual([]);
  });

  it("carries the rule onto their bookings, which never share a day", async () => {
    const { rows: mismatched } = await db.pool.query(
      `SELECT b.booking_id FROM booking b JOIN vendor v ON v.vendor_id = b.vendor_id
        WHERE b.exclusive_day IS DISTINCT FROM v.one_event_per_day`,
    );
    expect(mismatched).toEqual([]);
    const { rows: exclusive } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM booking WHERE exclusive_day",
    );
    expect(exclusive[0]!.n).toBeGreaterThan(0);
    const { rows: doubles } = await db.pool.query(
      `SELECT vendor_id, event_date FROM booking WHERE exclusive_day AND status <> 'Cancelled'
        GROUP BY vendor_id, event_date HAVING count(*) > 1`,
    );
    expect(doubles).toEqual([]);
  });
});
