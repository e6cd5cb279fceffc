import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Overview from "@/lib/weddings/overview";
import type * as Cockpit from "@/lib/weddings/cockpit";
import { DEFAULT_COCKPIT_FILTERS } from "@/lib/weddings/cockpit-schema";
import { createTestBooking, createTestVendor, listPlanners, type TestBooking } from "./test-fixtures";

// The schedule at the database: relative due dates follow the event day, the
// constraints hold whoever writes, payment_installment_balance allocates
// payments to installments, and payment_open_item feeds the cockpit and the
// overview without counting a scheduled booking twice.

let db: TestDatabase;
let getWeddingOverview: typeof Overview.getWeddingOverview;
let listCockpit: typeof Cockpit.listCockpit;
let disconnectApp: () => Promise<void>;
let planner: Identity;
let weddingId: number;
let vendorId: number;

const TODAY = "2026-11-23";

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function installment(
  b: TestBooking,
  fields: { kind?: string; amount: string; rule?: "fixed" | "relative"; due?: string; days?: number },
): Promise<number> {
  const [row] = await rows<{ installment_id: number }>(
    `INSERT INTO payment_installment (booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date,
                                      days_before_event)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::date, $2::date), $9) RETURNING installment_id`,
    [
      b.bookingId,
      b.eventDate,
      b.weddingId,
      b.clientId,
      fields.kind ?? "installment",
      fields.amount,
      fields.rule ?? "fixed",
      fields.due ?? null,
      fields.days ?? null,
    ],
  );
  return row!.installment_id;
}

async function pay(
  b: TestBooking,
  amount: string,
  fields: { status?: string; installmentId?: number; date?: string } = {},
): Promise<{ payment_id: number; payment_date: string }> {
  const [row] = await rows<{ payment_id: number; payment_date: string }>(
    `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date,
                          installment_id)
     VALUES ($1, $2, $3, $4, $5, $6::payment_status, $7, $8) RETURNING payment_id, payment_date::text`,
    [
      b.bookingId,
      b.eventDate,
      b.weddingId,
      b.clientId,
      amount,
      fields.status ?? "Completed",
      fields.date ?? "2026-10-01",
      fields.installmentId ?? null,
    ],
  );
  return row!;
}

async function refund(b: TestBooking, of: { payment_id: number; payment_date: string }, amount: string) {
  await db.pool.query(
    `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date,
                          refund_of_payment_id, refund_of_payment_date,
                          installment_id)
     SELECT booking_id, booking_event_date, wedding_id, client_id, $3, 'Refunded', '2026-11-05', payment_id, payment_date,
            installment_id
     FROM payment WHERE payment_id = $1 AND payment_date = $2`,
    [of.payment_id, of.payment_date, amount],
  );
}

async function balance(b: TestBooking) {
  return rows<{ kind: string; covered: string; outstanding: string }>(
    `SELECT kind, covered::text, outstanding::text FROM payment_installment_balance WHERE booking_id = $1
     ORDER BY due_date, installment_id`,
    [b.bookingId],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  ({ getWeddingOverview } = await import("@/lib/weddings/overview"));
  ({ listCockpit } = await import("@/lib/weddings/cockpit"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const [first] = await listPlanners(db);
  planner = { kind: "user", userId: first!.userId, role: "planner" };
  weddingId = first!.weddingIds[first!.weddingIds.length - 1]!;
  vendorId = await createTestVendor(db, "Schedule Test Brass");
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("due dates", () => {
  it("follow the event day when the booking moves, even into another quarter's partition; fixed ones stay", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    const relative = await installment(b, { kind: "final", amount: "100", rule: "relative", days: 30 });
    const fixed = await installment(b, { amount: "100", due: "2026-12-24" });
    const partitionOf = async () =>
      (
        await rows<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM booking WHERE booking_id = $1`, [
          b.bookingId,
        ])
      )[0]!.p;
    const before = await partitionOf();
    const moved = await rows<{ event_date: string }>(
      `UPDATE booking SET event_date = event_date + 200 WHERE booking_id = $1 RETURNING event_date::text`,
      [b.bookingId],
    );
    expect(await partitionOf()).not.toBe(before);
    const after = await rows<{ installment_id: number; booking_event_date: string; due_date: string }>(
      `SELECT installment_id, booking_event_date::text, due_date::text FROM payment_installment
       WHERE booking_id = $1 ORDER BY installment_id`,
      [b.bookingId],
    );
    const newDay = moved[0]!.event_date;
    const expected = new Date(`${newDay}T00:00:00Z`);
    expected.setUTCDate(expected.getUTCDate() - 30);
    expect(after).toEqual([
      { installment_id: relative, booking_event_date: newDay, due_date: expected.toISOString().slice(0, 10) },
      { installment_id: fixed, booking_event_date: newDay, due_date: "2026-12-24" },
    ]);
  });

  it("are computed for a relative rule whatever date a writer sends, and a rule needs its days", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    const id = await installment(b, { amount: "10", rule: "relative", days: 7, due: "2001-01-01" });
    const [row] = await rows<{ ok: boolean }>(
      `SELECT due_date = booking_event_date - 7 AS ok FROM payment_installment WHERE installment_id = $1`,
      [id],
    );
    expect(row!.ok).toBe(true);
    await expect(installment(b, { amount: "10", rule: "relative" })).rejects.toThrow(/payment_installment_rule/);
    await expect(installment(b, { amount: "10", rule: "fixed", days: 3 })).rejects.toThrow(/payment_installment_rule/);
    await expect(installment(b, { amount: "0", due: "2027-01-01" })).rejects.toThrow(/check constraint/);
    await expect(installment(b, { kind: "tip", amount: "1" })).rejects.toThrow(/check constraint/);
  });
});

describe("the database's own checks", () => {
  it("refuse a schedule past the total, whoever writes it", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "100.00");
    await installment(b, { amount: "60" });
    await expect(installment(b, { amount: "40.01" })).rejects.toThrow(
      /adds up to 100\.01, more than its total 100\.00/,
    );
    const id = await installment(b, { amount: "40" });
    await expect(
      db.pool.query(`UPDATE payment_installment SET amount = 41 WHERE installment_id = $1`, [id]),
    ).rejects.toThrow(/more than its total/);
  });

  it("keep refunds and overrides well-formed", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "100.00");
    const p = await pay(b, "50");
    // A refund row is always Refunded, names both halves of the payment's key, and carries no override.
    await expect(
      db.pool.query(
        `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date,
                              refund_of_payment_id, refund_of_payment_date)
         VALUES ($1, $2, $3, $4, 10, 'Completed', '2026-11-05', $5, $6)`,
        [b.bookingId, b.eventDate, b.weddingId, b.clientId, p.payment_id, p.payment_date],
      ),
    ).rejects.toThrow(/payment_refund_is_refunded/);
    await expect(
      db.pool.query(
        `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date,
                              refund_of_payment_id, refund_of_payment_date)
         VALUES ($1, $2, $3, $4, 10, 'Refunded', '2026-11-05', 2000000000, '2026-10-01')`,
        [b.bookingId, b.eventDate, b.weddingId, b.clientId],
      ),
    ).rejects.toThrow(/payment_refund_of_fkey/);
    await expect(
      db.pool.query(`UPDATE payment SET overpayment_reason = '  ' WHERE payment_id = $1`, [p.payment_id]),
    ).rejects.toThrow(/payment_overpayment_reason_length/);
  });
});

describe("payment_installment_balance", () => {
  it("pays installments oldest first with unlinked money, and refunds take it back", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    await installment(b, { kind: "deposit", amount: "300", due: "2026-09-01" });
    await installment(b, { amount: "400", due: "2026-10-01" });
    await installment(b, { kind: "final", amount: "300", due: "2026-12-01" });
    const p = await pay(b, "500");
    await pay(b, "200", { status: "Pending" });
    await pay(b, "200", { status: "Failed" });
    expect(await balance(b)).toEqual([
      { kind: "deposit", covered: "300.00", outstanding: "0.00" },
      { kind: "installment", covered: "200.00", outstanding: "200.00" },
      { kind: "final", covered: "0.00", outstanding: "300.00" },
    ]);
    await refund(b, p, "350");
    expect(await balance(b)).toEqual([
      { kind: "deposit", covered: "150.00", outstanding: "150.00" },
      { kind: "installment", covered: "0.00", outstanding: "400.00" },
      { kind: "final", covered: "0.00", outstanding: "300.00" },
    ]);
  });

  it("pays the installment a payment names first, and lets any excess flow on", async () => {
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    await installment(b, { kind: "deposit", amount: "300", due: "2026-09-01" });
    const second = await installment(b, { amount: "400", due: "2026-10-01" });
    await installment(b, { kind: "final", amount: "300", due: "2026-12-01" });
    const p = await pay(b, "500", { installmentId: second });
    expect(await balance(b)).toEqual([
      { kind: "deposit", covered: "100.00", outstanding: "200.00" },
      { kind: "installment", covered: "400.00", outstanding: "0.00" },
      { kind: "final", covered: "0.00", outstanding: "300.00" },
    ]);
    // A refund of a linked payment comes off its installment (it carries the link).
    await refund(b, p, "200");
    expect(await balance(b)).toEqual([
      { kind: "deposit", covered: "0.00", outstanding: "300.00" },
      { kind: "installment", covered: "300.00", outstanding: "100.00" },
      { kind: "final", covered: "0.00", outstanding: "300.00" },
    ]);
  });
});

describe("overdue money in the cockpit and the overview", () => {
  it("counts an overdue installment, and judges a scheduled booking by its schedule alone", async () => {
    const cockpitRow = async () =>
      (await listCockpit(planner, { ...DEFAULT_COCKPIT_FILTERS, size: 50 }, TODAY)).rows.find(
        (r) => r.id === weddingId,
      )!;
    const overdueOfOverview = async () =>
      (await getWeddingOverview(planner, weddingId, TODAY))!.payments.filter((p) => p.overdue);
    const before = await cockpitRow();
    const beforeItems = await overdueOfOverview();
    expect(before.overdueCount).toBe(beforeItems.length);

    // Without a schedule: an overdue Pending payment counts, as it always did.
    const b = await createTestBooking(db, weddingId, vendorId, "1000.00");
    await pay(b, "250", { status: "Pending", date: "2026-11-01" });
    expect(await cockpitRow()).toMatchObject({ overdueCount: before.overdueCount + 1 });

    // With a schedule: its overdue installment counts instead, for what is still open.
    await installment(b, { kind: "deposit", amount: "300", due: "2026-11-10" });
    await installment(b, { amount: "300", due: "2027-03-01" });
    await pay(b, "100");
    const after = await cockpitRow();
    expect(after.overdueCount).toBe(before.overdueCount + 1);
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    expect(cents(after.overdueAmount) - cents(before.overdueAmount)).toBe(20_000);
    const items = await overdueOfOverview();
    expect(items).toHaveLength(after.overdueCount);
    expect(items).toContainEqual(
      expect.objectContaining({ source: "installment", kind: "deposit", amount: "200.00", dueDate: "2026-11-10" }),
    );
    expect(items.some((p) => p.source === "payment" && p.amount === "250.00")).toBe(false);
  });
});
