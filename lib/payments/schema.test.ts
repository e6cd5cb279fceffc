import { describe, expect, it } from "vitest";
import {
  parseReconciliationSearchParams,
  reconciliationHref,
  ZCreateInstallmentSchema,
  ZPositiveMoney,
  ZRecordPaymentSchema,
} from "./schema";

describe("ZPositiveMoney", () => {
  it.each(["1", "0.01", "0012.50", "9999999999.99"])("accepts %s", (value) => {
    expect(ZPositiveMoney.safeParse(value).success).toBe(true);
  });
  it.each(["", "0", "0.00", "-1", "1.234", "1e3", "12,50", "10000000000", "abc"])("refuses %j", (value) => {
    expect(ZPositiveMoney.safeParse(value).success).toBe(false);
  });
  it("keeps the exact text, without leading zeros", () => {
    expect(ZPositiveMoney.parse(" 0012.50 ")).toBe("12.50");
  });
});

describe("ZCreateInstallmentSchema", () => {
  const base = { weddingId: "1", bookingId: "2", kind: "deposit", amount: "100" };
  it("wants the date of a fixed rule and the days of a relative one", () => {
    expect(ZCreateInstallmentSchema.safeParse({ ...base, dueRule: "fixed", dueDate: "2027-01-31" }).success).toBe(true);
    expect(ZCreateInstallmentSchema.parse({ ...base, dueRule: "relative", daysBeforeEvent: "90" })).toMatchObject({
      daysBeforeEvent: 90,
    });
    const missing = ZCreateInstallmentSchema.safeParse({ ...base, dueRule: "relative", dueDate: "2027-01-31" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join("."))).toEqual(["daysBeforeEvent"]);
  });
});

describe("ZRecordPaymentSchema", () => {
  const base = { weddingId: "1", bookingId: "2", amount: "100", status: "Completed", paymentDate: "2026-11-20" };
  it("reads the override box, and wants a reason when it is ticked", () => {
    expect(ZRecordPaymentSchema.parse(base)).toMatchObject({ allowOverpayment: false });
    const noReason = ZRecordPaymentSchema.safeParse({ ...base, allowOverpayment: "1" });
    expect(noReason.error?.issues.map((i) => i.path.join("."))).toEqual(["overpaymentReason"]);
    expect(ZRecordPaymentSchema.parse({ ...base, allowOverpayment: "1", overpaymentReason: " Tip " })).toMatchObject({
      allowOverpayment: true,
      overpaymentReason: "Tip",
    });
  });
});

describe("the reconciliation address", () => {
  it("keeps good filters, ignores bad ones with a note, and writes only what differs from the defaults", () => {
    const { filters, notes } = parseReconciliationSearchParams({
      status: "Failed",
      from: "2026-03-01",
      to: "2026-03-31",
      page: "2",
      size: "50",
    });
    expect(filters).toEqual({ status: "Failed", from: "2026-03-01", to: "2026-03-31", page: 2, size: 50 });
    expect(notes).toEqual([]);
    expect(reconciliationHref(filters)).toBe("/payments?status=Failed&from=2026-03-01&to=2026-03-31&page=2&size=50");
    expect(reconciliationHref(filters, { page: 1, size: 25 })).toBe(
      "/payments?status=Failed&from=2026-03-01&to=2026-03-31",
    );
    const bad = parseReconciliationSearchParams({ status: "Lost", from: "2026-02-30", page: "0", size: "7" });
    expect(bad.filters).toEqual({ page: 1, size: 25 });
    expect(bad.notes).toHaveLength(4);
  });

  it("drops a range that ends before it starts", () => {
    const { filters, notes } = parseReconciliationSearchParams({ from: "2026-04-01", to: "2026-03-01" });
    expect(filters).toEqual({ page: 1, size: 25 });
    expect(notes).toEqual(["Ignored the date range: 2026-04-01 is after 2026-03-01."]);
  });
});
