import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type * as Queries from "./queries";

let db: TestDatabase;
let listBookingSummaries: typeof Queries.listBookingSummaries;
let disconnectApp: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ listBookingSummaries } = await import("./queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  await seedDemoData(db.prisma);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("listBookingSummaries", () => {
  it("shows a vendor their own bookings only, soonest first", async () => {
    const { rows } = await db.pool.query<{ user_id: number; vendor_id: number }>(
      "SELECT u.user_id, v.vendor_id FROM users u JOIN vendor v USING (user_id) WHERE u.email = 'vendor@demo.wedding'",
    );
    const vendor = rows[0]!;
    const own = await db.pool.query<{ booking_id: number }>("SELECT booking_id FROM booking WHERE vendor_id = $1", [
      vendor.vendor_id,
    ]);
    const total = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM booking");
    expect(own.rowCount).toBeGreaterThan(0);
    expect(total.rows[0]!.n).toBeGreaterThan(own.rowCount!);

    const bookings = await listBookingSummaries({ kind: "user", userId: vendor.user_id, role: "vendor" });
    expect(bookings.map((b) => b.id).sort((a, b) => a - b)).toEqual(
      own.rows.map((r) => r.booking_id).sort((a, b) => a - b),
    );
    const dates = bookings.map((b) => b.eventDate);
    expect(dates).toEqual([...dates].sort());
    expect(bookings[0]).toMatchObject({ weddingName: expect.stringContaining("&"), status: expect.any(String) });
  });

  it("shows another vendor account nothing of theirs", async () => {
    const bookings = await listBookingSummaries({ kind: "user", userId: 999_999, role: "vendor" });
    expect(bookings).toEqual([]);
  });
});
