import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { UserIdentity } from "@/lib/auth/guards";
import type * as Installments from "./installments";
import type * as Payments from "./payments";
import { createTestBooking, createTestVendor, listPlanners } from "./test-fixtures";

// Payments and schedules written at the same moment, each in its own
// transaction on its own connection: the booking's row lock makes them take
// turns, so together they never pass the booking's total. The last test shows
// the same race at the database itself, without the app, for the schedule.

let db: TestDatabase;
let recordPayment: typeof Payments.recordPayment;
let createInstallment: typeof Installments.createInstallment;
let disconnectApp: () => Promise<void>;
let planner: UserIdentity;
let weddingId: number;
let vendorId: number;

const PARALLEL = 8;

beforeAll(async () => {
  db = await createTestDatabase();
  // Enough connections for every attempt at once.
  process.env.DB_POOL_SIZE = String(PARALLEL + 2);
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  ({ recordPayment } = await import("./payments"));
  ({ createInstallment } = await import("./installments"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const [first] = await listPlanners(db);
  planner = { kind: "user", userId: first!.userId, role: "planner" };
  weddingId = first!.weddingIds[0]!;
  vendorId = await createTestVendor(db, "Concurrency Test Strings");
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

async function settle<T>(attempts: Promise<T>[]) {
  const results = await Promise.allSettled(attempts);
  const ok = results.filter((r) => r.status === "fulfilled");
  const refused = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
  return { ok: ok.length, refused };
}

describe("payments at the same time", () => {
  it(`never take a booking past its total: ${PARALLEL} payments of 300 against 1000 leave exactly 3`, async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    const { ok, refused } = await settle(
      Array.from({ length: PARALLEL }, () =>
        recordPayment(planner, {
          weddingId,
          bookingId: b.bookingId,
          amount: "300",
          status: "Completed",
          paymentDate: "2026-11-20",
          allowOverpayment: false,
        }),
      ),
    );
    expect(ok).toBe(3);
    expect(refused).toHaveLength(PARALLEL - 3);
    for (const message of refused) expect(message).toContain("more than the booking's total of 1000.00");
    const { rows } = await db.pool.query<{ n: number; paid: string }>(
      `SELECT count(*)::int AS n, sum(amount)::text AS paid FROM payment WHERE booking_id = $1`,
      [b.bookingId],
    );
    expect(rows[0]).toEqual({ n: 3, paid: "900.00" });
  });

  it(`never schedule more than the total: ${PARALLEL} installments of 300 against 1000 leave exactly 3`, async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    const { ok, refused } = await settle(
      Array.from({ length: PARALLEL }, () =>
        createInstallment(planner, {
          weddingId,
          bookingId: b.bookingId,
          kind: "installment",
          amount: "300",
          dueRule: "fixed",
          dueDate: "2027-01-01",
        }),
      ),
    );
    expect(ok).toBe(3);
    for (const message of refused) expect(message).toContain("more than the booking's total of 1000.00");
    const { rows } = await db.pool.query<{ scheduled: string }>(
      `SELECT sum(amount)::text AS scheduled FROM payment_installment WHERE booking_id = $1`,
      [b.bookingId],
    );
    expect(rows[0]!.scheduled).toBe("900.00");
  });

  it("hold at the database too: schedules inserted directly by parallel connections stop at the total", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    const app = new pg.Pool({ connectionString: db.appUrl, max: PARALLEL });
    try {
      const attempt = async () => {
        const client = await app.connect();
        try {
          await client.query("BEGIN");
          await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', 'planner', true)", [
            String(planner.userId),
          ]);
          await client.query(
            `INSERT INTO payment_installment (booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date)
             VALUES ($1, $2, $3, $4, 'installment', 300, 'fixed', '2027-01-01')`,
            [b.bookingId, b.eventDate, b.weddingId, b.clientId],
          );
          // Hold the transaction open a moment, so the attempts overlap.
          await client.query("SELECT pg_sleep(0.05)");
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        } finally {
          client.release();
        }
      };
      const { ok, refused } = await settle(Array.from({ length: PARALLEL }, attempt));
      expect(ok).toBe(3);
      for (const message of refused) expect(message).toMatch(/adds up to 1200\.00, more than its total 1000\.00/);
    } finally {
      await app.end();
    }
  });
});
