import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import { BOOKING_CANCELLED, BOOKING_NOT_FOUND } from "./booking-lock";
import { INSTALLMENT_GONE } from "./installments";
import {
  INSTALLMENT_NOT_OF_BOOKING,
  ONLY_COMPLETED_REFUNDS,
  ONLY_PENDING_MOVES,
  PAYMENT_CONFLICT,
  PAYMENT_GONE,
  REFUND_BEFORE_PAYMENT,
} from "./payments";
import { createTestBooking, createTestVendor, form, listPlanners, type TestBooking } from "./test-fixtures";

// The payments page's server actions, called as the browser calls them
// (FormData in, plain result out) against a real database as the app role.
// Only who is signed in is stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof Actions;
let getWeddingPaymentsPage: typeof Queries.getWeddingPaymentsPage;
let disconnectApp: () => Promise<void>;
let plannerA: { userId: number; weddingIds: number[] };
let plannerB: { userId: number; weddingIds: number[] };
let vendorId: number;
let weddingId: number;

const asPlanner = (p: { userId: number }): Identity => ({ kind: "user", userId: p.userId, role: "planner" });
const TODAY = "2026-11-23";

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

/** Everything a payments action could change: the two tables and the audit trail. */
async function snapshot() {
  return one<{ installments: string | null; payments: string | null; audit: string }>(
    `SELECT (SELECT md5(string_agg(i::text, '|' ORDER BY installment_id)) FROM payment_installment i) AS installments,
            (SELECT md5(string_agg(p::text, '|' ORDER BY payment_id)) FROM payment p) AS payments,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
}

async function booking(
  total = "1000.00",
  status: "Pending" | "Confirmed" | "Cancelled" = "Confirmed",
  wedding = weddingId,
) {
  return createTestBooking(db, wedding, vendorId, total, status);
}

async function latestPayment(bookingId: number) {
  return one<{
    payment_id: number;
    amount: string;
    payment_status: string;
    installment_id: number | null;
    overpayment_reason: string | null;
    refund_of_payment_id: number | null;
    payment_date: string;
    version: string;
  }>(
    `SELECT payment_id, amount::text, payment_status::text, installment_id, overpayment_reason, refund_of_payment_id,
            payment_date::text, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version
     FROM payment WHERE booking_id = $1 ORDER BY payment_id DESC LIMIT 1`,
    [bookingId],
  );
}

async function paid(b: TestBooking): Promise<string> {
  const page = await getWeddingPaymentsPage(session.identity!, b.weddingId, TODAY);
  return page!.bookings.find((x) => x.id === b.bookingId)!.paid;
}

const installmentForm = (b: TestBooking, fields: Record<string, string | number> = {}) =>
  form({
    weddingId: b.weddingId,
    bookingId: b.bookingId,
    kind: "installment",
    amount: "100",
    dueRule: "fixed",
    dueDate: "2027-01-15",
    ...fields,
  });

const paymentForm = (b: TestBooking, fields: Record<string, string | number> = {}) =>
  form({
    weddingId: b.weddingId,
    bookingId: b.bookingId,
    amount: "100",
    status: "Completed",
    paymentDate: "2026-11-20",
    ...fields,
  });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  ({ getWeddingPaymentsPage } = await import("./queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  [plannerA, plannerB] = (await listPlanners(db)) as [typeof plannerA, typeof plannerB];
  // An upcoming wedding in euros, so messages read "… EUR".
  weddingId = (
    await one<{ wedding_id: number }>(
      `SELECT wedding_id FROM wedding WHERE wedding_id = ANY($1) AND currency = 'EUR' AND status <> 'Completed'
       ORDER BY wedding_id LIMIT 1`,
      [plannerA.weddingIds],
    )
  ).wedding_id;
  vendorId = await createTestVendor(db, "Payments Test Quartet");
});

beforeEach(() => {
  session.identity = asPlanner(plannerA);
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("createInstallmentAction", () => {
  it("adds a deposit on a fixed day, as the planner, and refreshes the payment pages, overview and cockpit", async () => {
    const b = await booking();
    const result = await actions.createInstallmentAction(
      null,
      installmentForm(b, { kind: "deposit", amount: "0300.5", dueDate: "2026-12-01" }),
    );
    expect(result).toEqual({ ok: true, message: expect.stringContaining("Added the deposit of 300.5") });
    const row = await one<{ installment_id: number; amount: string; due_date: string; due_rule: string }>(
      `SELECT installment_id, amount::text, due_date::text, due_rule FROM payment_installment WHERE booking_id = $1`,
      [b.bookingId],
    );
    expect(row).toMatchObject({ amount: "300.50", due_date: "2026-12-01", due_rule: "fixed" });
    const audit = await one<{ changed_by: string; operation: string }>(
      `SELECT changed_by, operation FROM audit_log WHERE table_name = 'payment_installment' AND record_id = $1`,
      [row.installment_id],
    );
    expect(audit).toEqual({ changed_by: `user:${plannerA.userId}`, operation: "INSERT" });
    for (const path of [`/weddings/${weddingId}/payments`, `/weddings/${weddingId}`, "/weddings", "/payments"])
      expect(revalidatePath).toHaveBeenCalledWith(path);
  });

  it("sets a relative due date from the booking's event day", async () => {
    const b = await booking();
    const result = await actions.createInstallmentAction(
      null,
      installmentForm(b, { dueRule: "relative", daysBeforeEvent: "90", dueDate: "" }),
    );
    expect(result.ok).toBe(true);
    const row = await one<{ due_date: string; days_before_event: number; expected: string }>(
      `SELECT due_date::text, days_before_event, (booking_event_date - 90)::text AS expected
       FROM payment_installment WHERE booking_id = $1`,
      [b.bookingId],
    );
    expect(row.days_before_event).toBe(90);
    expect(row.due_date).toBe(row.expected);
  });

  it.each([
    ["an empty form", {}, ["weddingId", "bookingId", "kind", "amount", "dueRule"]],
    ["a negative amount", { amount: "-5" }, ["amount"]],
    ["a zero amount", { amount: "0.00" }, ["amount"]],
    ["three decimals", { amount: "10.005" }, ["amount"]],
    ["a float in words", { amount: "1e3" }, ["amount"]],
    ["a fixed rule without a date", { dueDate: "" }, ["dueDate"]],
    ["an impossible date", { dueDate: "2027-02-30" }, ["dueDate"]],
    ["a relative rule without days", { dueRule: "relative", dueDate: "" }, ["daysBeforeEvent"]],
    ["negative days", { dueRule: "relative", daysBeforeEvent: "-3" }, ["daysBeforeEvent"]],
    ["too many days", { dueRule: "relative", daysBeforeEvent: "3651" }, ["daysBeforeEvent"]],
    ["an unknown kind", { kind: "bribe" }, ["kind"]],
    ["a booking id that is not a number", { bookingId: "abc" }, ["bookingId"]],
  ])("refuses %s next to the field and changes nothing", async (_label, fields, keys) => {
    const b = await booking();
    const before = await snapshot();
    const data = Object.keys(fields).length === 0 ? form({}) : installmentForm(b, fields);
    const result = await actions.createInstallmentAction(null, data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([...keys].sort());
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a schedule that would add up to more than the booking's total", async () => {
    const b = await booking("500.00");
    expect((await actions.createInstallmentAction(null, installmentForm(b, { amount: "400" }))).ok).toBe(true);
    const before = await snapshot();
    const result = await actions.createInstallmentAction(null, installmentForm(b, { amount: "100.01" }));
    expect(result).toMatchObject({
      ok: false,
      error: "The schedule would add up to 500.01 EUR, more than the booking's total of 500.00 EUR.",
      fieldErrors: { amount: [expect.stringContaining("500.01")] },
    });
    expect(await snapshot()).toEqual(before);
    // Exactly the total is fine.
    expect((await actions.createInstallmentAction(null, installmentForm(b, { amount: "100" }))).ok).toBe(true);
  });

  it("allows one deposit per booking", async () => {
    const b = await booking();
    expect((await actions.createInstallmentAction(null, installmentForm(b, { kind: "deposit" }))).ok).toBe(true);
    const before = await snapshot();
    const result = await actions.createInstallmentAction(null, installmentForm(b, { kind: "deposit" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { kind: [expect.stringContaining("already has a deposit")] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unknown bookings, another planner's booking, a booking of another wedding and a cancelled one", async () => {
    const mine = await booking();
    const theirs = await booking("1000.00", "Confirmed", plannerB.weddingIds[0]!);
    const cancelled = await booking("1000.00", "Cancelled");
    const before = await snapshot();
    for (const data of [
      installmentForm(mine, { bookingId: 2_000_000_000 }),
      installmentForm(theirs),
      installmentForm(theirs, { weddingId }),
      installmentForm(mine, { weddingId: plannerA.weddingIds.find((id) => id !== weddingId)! }),
    ])
      expect(await actions.createInstallmentAction(null, data)).toEqual({ ok: false, error: BOOKING_NOT_FOUND });
    expect(await actions.createInstallmentAction(null, installmentForm(cancelled))).toEqual({
      ok: false,
      error: BOOKING_CANCELLED,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("answers a vendor or a signed-out visitor with Not found", async () => {
    const b = await booking();
    session.identity = null;
    expect(await actions.createInstallmentAction(null, installmentForm(b))).toEqual({ ok: false, error: "Not found." });
    session.identity = { kind: "user", userId: plannerA.userId, role: "vendor" };
    expect(await actions.createInstallmentAction(null, installmentForm(b))).toEqual({ ok: false, error: "Not found." });
  });
});

describe("deleteInstallmentAction", () => {
  it("removes an installment and keeps the payments made towards it, unlinked", async () => {
    const b = await booking();
    await actions.createInstallmentAction(null, installmentForm(b));
    const { installment_id } = await one<{ installment_id: number }>(
      `SELECT installment_id FROM payment_installment WHERE booking_id = $1`,
      [b.bookingId],
    );
    await actions.recordPaymentAction(null, paymentForm(b, { installmentId: installment_id }));
    expect((await latestPayment(b.bookingId)).installment_id).toBe(installment_id);

    const result = await actions.deleteInstallmentAction(null, form({ weddingId, installmentId: installment_id }));
    expect(result).toMatchObject({ ok: true });
    expect(await rows(`SELECT 1 FROM payment_installment WHERE installment_id = $1`, [installment_id])).toEqual([]);
    expect(await latestPayment(b.bookingId)).toMatchObject({ installment_id: null, amount: "100.00" });
  });

  it("refuses an unknown installment, another planner's, and bad ids, changing nothing", async () => {
    const theirs = await booking("1000.00", "Confirmed", plannerB.weddingIds[0]!);
    await db.pool.query(
      `INSERT INTO payment_installment (booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date)
       VALUES ($1, $2, $3, $4, 'installment', 10, 'fixed', '2027-01-01')`,
      [theirs.bookingId, theirs.eventDate, theirs.weddingId, theirs.clientId],
    );
    const { installment_id } = await one<{ installment_id: number }>(
      `SELECT installment_id FROM payment_installment WHERE booking_id = $1`,
      [theirs.bookingId],
    );
    const before = await snapshot();
    for (const fields of [
      { weddingId, installmentId: 2_000_000_000 },
      { weddingId, installmentId: installment_id },
      { weddingId: theirs.weddingId, installmentId: installment_id },
    ])
      expect(await actions.deleteInstallmentAction(null, form(fields))).toEqual({ ok: false, error: INSTALLMENT_GONE });
    const bad = await actions.deleteInstallmentAction(null, form({ weddingId, installmentId: "-1" }));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { installmentId: [expect.any(String)] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("recordPaymentAction", () => {
  it("records partial payments and shows the remaining balance", async () => {
    const b = await booking("1000.00");
    const first = await actions.recordPaymentAction(null, paymentForm(b, { amount: "250.25", method: " Card " }));
    expect(first).toEqual({
      ok: true,
      message: "Recorded a completed payment of 250.25 EUR. Paid so far: 250.25 of 1000.00 EUR.",
    });
    expect(await latestPayment(b.bookingId)).toMatchObject({ amount: "250.25", payment_status: "Completed" });
    // Pending and failed payments do not count as paid.
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "900", status: "Pending" }));
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "900", status: "Failed" }));
    const page = await getWeddingPaymentsPage(session.identity!, weddingId, TODAY);
    const shown = page!.bookings.find((x) => x.id === b.bookingId)!;
    expect(shown).toMatchObject({ total: "1000.00", paid: "250.25", balance: "749.75" });
    expect(shown.payments).toHaveLength(3);
  });

  it("refuses to take the amount paid past the total without the override, and changes nothing", async () => {
    const b = await booking("500.00");
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "450" }));
    const before = await snapshot();
    const result = await actions.recordPaymentAction(null, paymentForm(b, { amount: "50.01" }));
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining(
        "bring the amount paid to 500.01 EUR, more than the booking's total of 500.00 EUR",
      ),
      fieldErrors: { amount: [expect.stringContaining("Allow overpayment")] },
    });
    expect(await snapshot()).toEqual(before);
    expect((await actions.recordPaymentAction(null, paymentForm(b, { amount: "50" }))).ok).toBe(true);
  });

  it("wants a reason with the override", async () => {
    const b = await booking("100.00");
    const before = await snapshot();
    const result = await actions.recordPaymentAction(
      null,
      paymentForm(b, { amount: "150", allowOverpayment: "1", overpaymentReason: "   " }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { overpaymentReason: [expect.any(String)] } });
    const long = await actions.recordPaymentAction(
      null,
      paymentForm(b, { amount: "150", allowOverpayment: "1", overpaymentReason: "x".repeat(501) }),
    );
    expect(long).toMatchObject({ ok: false, fieldErrors: { overpaymentReason: [expect.stringContaining("500")] } });
    expect(await snapshot()).toEqual(before);
  });

  it("records an overpayment with the override, and the audit trail shows its reason", async () => {
    const b = await booking("100.00");
    const result = await actions.recordPaymentAction(
      null,
      paymentForm(b, {
        amount: "150",
        allowOverpayment: "1",
        overpaymentReason: "Tip for the band, agreed with the couple",
      }),
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("Recorded as an overpayment") });
    const payment = await latestPayment(b.bookingId);
    expect(payment.overpayment_reason).toBe("Tip for the band, agreed with the couple");
    const audit = await one<{ changed_by: string; reason: string; amount: string }>(
      `SELECT changed_by, new_values->>'overpayment_reason' AS reason, new_values->>'amount' AS amount
       FROM audit_log WHERE table_name = 'payment' AND operation = 'INSERT' AND record_id = $1`,
      [payment.payment_id],
    );
    expect(audit).toEqual({
      changed_by: `user:${plannerA.userId}`,
      reason: "Tip for the band, agreed with the couple",
      amount: "150.00",
    });
    expect(await paid(b)).toBe("150.00");
  });

  it("ignores the override when the payment stays within the total", async () => {
    const b = await booking("100.00");
    await actions.recordPaymentAction(
      null,
      paymentForm(b, { allowOverpayment: "1", overpaymentReason: "Just in case" }),
    );
    expect((await latestPayment(b.bookingId)).overpayment_reason).toBeNull();
  });

  it("links a payment to an installment of its booking only", async () => {
    const b = await booking();
    const other = await booking();
    await actions.createInstallmentAction(null, installmentForm(other));
    const { installment_id } = await one<{ installment_id: number }>(
      `SELECT installment_id FROM payment_installment WHERE booking_id = $1`,
      [other.bookingId],
    );
    const before = await snapshot();
    for (const installmentId of [installment_id, 2_000_000_000])
      expect(await actions.recordPaymentAction(null, paymentForm(b, { installmentId }))).toMatchObject({
        ok: false,
        error: INSTALLMENT_NOT_OF_BOOKING,
        fieldErrors: { installmentId: [INSTALLMENT_NOT_OF_BOOKING] },
      });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["an empty form", {}, ["weddingId", "bookingId", "amount", "status", "paymentDate"]],
    ["a negative amount", { amount: "-1" }, ["amount"]],
    ["a zero amount", { amount: "0" }, ["amount"]],
    ["three decimals", { amount: "1.999" }, ["amount"]],
    ["too large an amount", { amount: "12345678901" }, ["amount"]],
    ["Refunded as a status", { status: "Refunded" }, ["status"]],
    ["no date", { paymentDate: "" }, ["paymentDate"]],
    ["a date in 1999", { paymentDate: "1999-12-31" }, ["paymentDate"]],
    ["too long a method", { method: "m".repeat(101) }, ["method"]],
    ["an installment id that is not a number", { installmentId: "x" }, ["installmentId"]],
  ])("refuses %s next to the field and changes nothing", async (_label, fields, keys) => {
    const b = await booking();
    const before = await snapshot();
    const data = Object.keys(fields).length === 0 ? form({}) : paymentForm(b, fields);
    const result = await actions.recordPaymentAction(null, data);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([...keys].sort());
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unknown bookings, another planner's booking and a cancelled booking", async () => {
    const theirs = await booking("1000.00", "Confirmed", plannerB.weddingIds[0]!);
    const cancelled = await booking("1000.00", "Cancelled");
    const before = await snapshot();
    expect(await actions.recordPaymentAction(null, paymentForm(theirs))).toEqual({
      ok: false,
      error: BOOKING_NOT_FOUND,
    });
    expect(await actions.recordPaymentAction(null, paymentForm(theirs, { weddingId }))).toEqual({
      ok: false,
      error: BOOKING_NOT_FOUND,
    });
    expect(await actions.recordPaymentAction(null, paymentForm(cancelled, { bookingId: 2_000_000_000 }))).toEqual({
      ok: false,
      error: BOOKING_NOT_FOUND,
    });
    expect(await actions.recordPaymentAction(null, paymentForm(cancelled))).toEqual({
      ok: false,
      error: BOOKING_CANCELLED,
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("setPaymentStatusAction", () => {
  it("settles a pending payment, within the total or with the override", async () => {
    const b = await booking("300.00");
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "200" }));
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "200", status: "Pending" }));
    const pending = await latestPayment(b.bookingId);
    const move = (fields: Record<string, string | number> = {}) =>
      actions.setPaymentStatusAction(
        null,
        form({ weddingId, paymentId: pending.payment_id, version: pending.version, status: "Completed", ...fields }),
      );
    const before = await snapshot();
    expect(await move()).toMatchObject({ ok: false, fieldErrors: { amount: [expect.stringContaining("400.00 EUR")] } });
    expect(await snapshot()).toEqual(before);
    expect(await move({ allowOverpayment: "1", overpaymentReason: "Extra hour of music" })).toMatchObject({ ok: true });
    expect(await latestPayment(b.bookingId)).toMatchObject({
      payment_status: "Completed",
      overpayment_reason: "Extra hour of music",
    });
    const audit = await one<{ reason: string; status: string }>(
      `SELECT new_values->>'overpayment_reason' AS reason, new_values->>'payment_status' AS status
       FROM audit_log WHERE table_name = 'payment' AND operation = 'UPDATE' AND record_id = $1`,
      [pending.payment_id],
    );
    expect(audit).toEqual({ reason: "Extra hour of music", status: "Completed" });
    expect(await paid(b)).toBe("400.00");
  });

  it("marks a pending payment failed, and refuses a stale version or a payment that is not pending", async () => {
    const b = await booking();
    await actions.recordPaymentAction(null, paymentForm(b, { status: "Pending" }));
    const pending = await latestPayment(b.bookingId);
    const fields = { weddingId, paymentId: pending.payment_id, status: "Failed" };
    expect(
      await actions.setPaymentStatusAction(null, form({ ...fields, version: "2026-01-01T00:00:00.000000Z" })),
    ).toEqual({ ok: false, error: PAYMENT_CONFLICT });
    expect(await actions.setPaymentStatusAction(null, form({ ...fields, version: pending.version }))).toMatchObject({
      ok: true,
    });
    const failed = await latestPayment(b.bookingId);
    expect(failed.payment_status).toBe("Failed");
    expect(
      await actions.setPaymentStatusAction(null, form({ ...fields, status: "Completed", version: failed.version })),
    ).toEqual({ ok: false, error: ONLY_PENDING_MOVES });
  });

  it("refuses another planner's payment, an unknown one and bad input, changing nothing", async () => {
    const theirs = await booking("1000.00", "Confirmed", plannerB.weddingIds[0]!);
    await db.pool.query(
      `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date)
       VALUES ($1, $2, $3, $4, 10, 'Pending', '2026-11-01')`,
      [theirs.bookingId, theirs.eventDate, theirs.weddingId, theirs.clientId],
    );
    const payment = await latestPayment(theirs.bookingId);
    const before = await snapshot();
    for (const fields of [
      { weddingId, paymentId: payment.payment_id },
      { weddingId: theirs.weddingId, paymentId: payment.payment_id },
      { weddingId, paymentId: 2_000_000_000 },
    ])
      expect(
        await actions.setPaymentStatusAction(null, form({ ...fields, version: payment.version, status: "Completed" })),
      ).toEqual({ ok: false, error: PAYMENT_GONE });
    const bad = await actions.setPaymentStatusAction(
      null,
      form({ weddingId, paymentId: payment.payment_id, version: "yesterday", status: "Refunded" }),
    );
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { version: [expect.any(String)], status: [expect.any(String)] },
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("refundPaymentAction", () => {
  async function paidBooking(amount = "400") {
    const b = await booking("1000.00");
    await actions.recordPaymentAction(null, paymentForm(b, { amount, paymentDate: "2026-10-10" }));
    return { b, payment: await latestPayment(b.bookingId) };
  }
  const refund = (paymentId: number, fields: Record<string, string | number> = {}) =>
    actions.refundPaymentAction(
      null,
      form({ weddingId, paymentId, amount: "100", refundDate: "2026-11-02", ...fields }),
    );

  it("refunds part of a payment as a row of its own, which lowers the amount paid", async () => {
    const { b, payment } = await paidBooking();
    expect(await refund(payment.payment_id, { amount: "150.5", method: "Bank transfer" })).toEqual({
      ok: true,
      message: "Refunded 150.5 EUR. 249.50 EUR of it is kept.",
    });
    const row = await latestPayment(b.bookingId);
    expect(row).toMatchObject({
      amount: "150.50",
      payment_status: "Refunded",
      refund_of_payment_id: payment.payment_id,
      payment_date: "2026-11-02",
    });
    expect(await paid(b)).toBe("249.50");
    const page = await getWeddingPaymentsPage(session.identity!, weddingId, TODAY);
    const original = page!.bookings
      .find((x) => x.id === b.bookingId)!
      .payments.find((p) => p.id === payment.payment_id);
    expect(original).toMatchObject({ status: "Completed", refunded: "150.50" });
  });

  it("refuses to refund more than is left of the payment, and says how much is", async () => {
    const { b, payment } = await paidBooking("300");
    await refund(payment.payment_id, { amount: "200" });
    const before = await snapshot();
    expect(await refund(payment.payment_id, { amount: "100.01" })).toMatchObject({
      ok: false,
      error: "At most 100.00 EUR of this payment is left to refund.",
      fieldErrors: { amount: [expect.any(String)] },
    });
    expect(await snapshot()).toEqual(before);
    expect(await refund(payment.payment_id, { amount: "100" })).toMatchObject({
      ok: true,
      message: expect.stringContaining("refunded in full"),
    });
    expect(await refund(payment.payment_id, { amount: "0.01" })).toMatchObject({
      ok: false,
      error: "This payment has been refunded in full already.",
    });
    expect(await paid(b)).toBe("0.00");
  });

  it("refunds only completed payments, never a refund, and never before the payment's day", async () => {
    const { b, payment } = await paidBooking();
    await actions.recordPaymentAction(null, paymentForm(b, { status: "Pending" }));
    const pending = await latestPayment(b.bookingId);
    await refund(payment.payment_id, { amount: "10" });
    const refundRow = await latestPayment(b.bookingId);
    const before = await snapshot();
    expect(await refund(pending.payment_id)).toEqual({ ok: false, error: ONLY_COMPLETED_REFUNDS });
    expect(await refund(refundRow.payment_id, { amount: "1" })).toEqual({ ok: false, error: ONLY_COMPLETED_REFUNDS });
    expect(await refund(payment.payment_id, { refundDate: "2026-10-09" })).toMatchObject({
      ok: false,
      error: REFUND_BEFORE_PAYMENT,
      fieldErrors: { refundDate: [REFUND_BEFORE_PAYMENT] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another planner's payment, an unknown one and bad input, changing nothing", async () => {
    const theirs = await booking("1000.00", "Confirmed", plannerB.weddingIds[0]!);
    await db.pool.query(
      `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date)
       VALUES ($1, $2, $3, $4, 500, 'Completed', '2026-10-01')`,
      [theirs.bookingId, theirs.eventDate, theirs.weddingId, theirs.clientId],
    );
    const payment = await latestPayment(theirs.bookingId);
    const { payment: mine } = await paidBooking();
    const before = await snapshot();
    expect(await refund(payment.payment_id)).toEqual({ ok: false, error: PAYMENT_GONE });
    expect(await refund(payment.payment_id, { weddingId: theirs.weddingId })).toEqual({
      ok: false,
      error: PAYMENT_GONE,
    });
    expect(await refund(2_000_000_000)).toEqual({ ok: false, error: PAYMENT_GONE });
    for (const [fields, key] of [
      [{ amount: "-100" }, "amount"],
      [{ amount: "0" }, "amount"],
      [{ amount: "1.234" }, "amount"],
      [{ refundDate: "soon" }, "refundDate"],
    ] as const)
      expect(await refund(mine.payment_id, fields)).toMatchObject({
        ok: false,
        fieldErrors: { [key]: [expect.any(String)] },
      });
    expect(await actions.refundPaymentAction(null, form({}))).toMatchObject({
      ok: false,
      fieldErrors: { weddingId: expect.any(Array), paymentId: expect.any(Array), amount: expect.any(Array) },
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("getWeddingPaymentsPage", () => {
  it("shows what each installment has been paid, and lists the overdue ones", async () => {
    const b = await booking("1000.00");
    await actions.createInstallmentAction(
      null,
      installmentForm(b, { kind: "deposit", amount: "300", dueDate: "2026-10-01" }),
    );
    await actions.createInstallmentAction(null, installmentForm(b, { amount: "400", dueDate: "2026-11-10" }));
    await actions.createInstallmentAction(
      null,
      installmentForm(b, { kind: "final", amount: "300", dueRule: "relative", daysBeforeEvent: "14", dueDate: "" }),
    );
    await actions.recordPaymentAction(null, paymentForm(b, { amount: "350" }));
    const page = await getWeddingPaymentsPage(session.identity!, weddingId, TODAY);
    const shown = page!.bookings.find((x) => x.id === b.bookingId)!;
    expect(shown).toMatchObject({ paid: "350.00", balance: "650.00", scheduled: "1000.00" });
    expect(shown.installments.map((i) => [i.kind, i.covered, i.outstanding, i.overdue])).toEqual([
      ["deposit", "300.00", "0.00", false],
      ["installment", "50.00", "350.00", true],
      ["final", "0.00", "300.00", false],
    ]);
    expect(page!.overdue).toContainEqual(
      expect.objectContaining({ source: "installment", bookingId: b.bookingId, kind: "installment", amount: "350.00" }),
    );
  });

  it("shows another planner's wedding to nobody but its planner", async () => {
    expect(await getWeddingPaymentsPage(asPlanner(plannerB), weddingId, TODAY)).toBeNull();
    expect(await getWeddingPaymentsPage(asPlanner(plannerA), plannerB.weddingIds[0]!, TODAY)).toBeNull();
  });
});
