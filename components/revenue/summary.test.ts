import { describe, expect, it } from "vitest";
import type { RevenueCurrency } from "@/lib/revenue/queries";
import { describeCategories, describeMonths, formatMonth } from "./summary";

const zero = { refunds: 0, refundedTotal: "0.00" };
const euros: RevenueCurrency = {
  currency: "EUR",
  cells: [],
  months: [
    { month: "2026-03-01", payments: 3, total: "4500.00", average: "1500.00", ...zero },
    { month: "2026-04-01", payments: 2, total: "2250.50", average: "1125.25", ...zero },
    { month: "2026-05-01", payments: 1, total: "99.99", average: "99.99", ...zero },
  ],
  categories: [
    { category: "Venue", payments: 1, total: "3000.00", average: "3000.00", ...zero },
    { category: "Florist", payments: 3, total: "1750.50", average: "583.50", ...zero },
  ],
  totals: { payments: 6, total: "6850.49", average: "1141.75", ...zero },
};

describe("chart summaries", () => {
  it("names the span, the total, the highest, lowest and latest month", () => {
    expect(describeMonths(euros)).toBe(
      "Revenue in EUR over 3 months from Mar 2026 to May 2026: €6,850.49 in total. " +
        "Highest in Mar 2026 (€4,500.00), lowest in May 2026 (€99.99); May 2026: €99.99.",
    );
  });

  it("handles a single month and no data", () => {
    const one = { ...euros, months: euros.months.slice(0, 1), totals: { ...euros.totals, total: "4500.00" } };
    expect(describeMonths(one)).toBe("Revenue in EUR in Mar 2026: €4,500.00 in total.");
    expect(describeMonths({ ...euros, months: [] })).toBe("No completed payments in EUR.");
    expect(describeCategories({ ...euros, categories: [] })).toBe("No completed payments in EUR.");
  });

  it("lists every category with its amount and count", () => {
    expect(describeCategories(euros)).toBe(
      "Revenue in EUR per category, largest first: Venue €3,000.00 (1 payment), Florist €1,750.50 (3 payments).",
    );
  });

  it("formats months in UTC", () => {
    expect(formatMonth("2026-12-01")).toBe("Dec 2026");
    expect(() => formatMonth("soon")).toThrow(RangeError);
  });
});
