import { describe, expect, it } from "vitest";
import {
  canMoveExpense,
  dayProblem,
  moneyProblem,
  parseBudgetSearchParams,
  budgetPageHref,
  ZCreateBudgetLineSchema,
  ZCreateExpenseSchema,
  ZMoney,
  ZUpdateBudgetLineSchema,
  ZVersion,
} from "./schema";

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("ZMoney", () => {
  it.each([
    ["0", "0"],
    ["12", "12"],
    ["12.5", "12.5"],
    ["12.50", "12.50"],
    [" 0012.05 ", "12.05"],
    ["9999999999.99", "9999999999.99"],
    ["00000000001", "1"],
  ])("accepts %j as %j", (input, output) => {
    expect(ZMoney.parse(input)).toBe(output);
  });

  it.each([
    ["", "Enter an amount."],
    ["-1", "An amount cannot be negative."],
    ["-0.01", "An amount cannot be negative."],
    ["1.001", "Use at most 2 decimal places."],
    ["10000000000", "The amount is too large: at most 9999999999.99."],
    ["1,5", "Enter the amount in digits, like 1250 or 1250.50."],
    ["1e3", "Enter the amount in digits, like 1250 or 1250.50."],
    ["12.", "Enter the amount in digits, like 1250 or 1250.50."],
    [".5", "Enter the amount in digits, like 1250 or 1250.50."],
    ["NaN", "Enter the amount in digits, like 1250 or 1250.50."],
    ["€10", "Enter the amount in digits, like 1250 or 1250.50."],
  ])("refuses %j with one clear message", (input, message) => {
    expect(moneyProblem(input.trim())).toBe(message);
    const result = ZMoney.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it("refuses a number, which a form never sends", () => {
    expect(ZMoney.safeParse(12).success).toBe(false);
  });
});

describe("ZVersion", () => {
  it("takes updated_at to the microsecond in UTC, and nothing vaguer", () => {
    expect(ZVersion.safeParse("2026-11-25T09:30:05.123456Z").success).toBe(true);
    for (const bad of ["2026-11-25T09:30:05.123Z", "2026-11-25 09:30:05.123456+00", "", "yesterday"]) {
      expect(ZVersion.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("the budget line forms", () => {
  it("trims, and turns empty notes into none", () => {
    expect(ZCreateBudgetLineSchema.parse({ weddingId: "3", category: "  Venue ", amount: "100", notes: "" })).toEqual({
      weddingId: 3,
      category: "Venue",
      amount: "100",
    });
  });

  it("reports every bad field at once, one message each", () => {
    const result = ZUpdateBudgetLineSchema.safeParse({
      weddingId: "-2",
      budgetId: "1.5",
      version: "v1",
      amount: "-3",
      notes: "n".repeat(2001),
    });
    expect(errorsOf(result)).toEqual({
      weddingId: ["This wedding does not exist."],
      budgetId: ["This budget line does not exist any more."],
      version: ["Reload the page and try again."],
      amount: ["An amount cannot be negative."],
      notes: ["Notes have at most 2000 characters."],
    });
  });
});

describe("the expense form", () => {
  it("takes optional event, vendor and date as absent when empty", () => {
    expect(
      ZCreateExpenseSchema.parse({
        weddingId: "1",
        category: "Flowers",
        description: "Bouquet",
        actualCost: "80",
        eventId: "",
        vendorId: "",
        incurredOn: "",
      }),
    ).toEqual({ weddingId: 1, category: "Flowers", description: "Bouquet", actualCost: "80" });
  });

  it("checks the date is a real day between 2000 and 2100", () => {
    expect(dayProblem("2028-02-29")).toBeNull();
    expect(dayProblem("2027-02-29")).toBe("Enter a date like 2027-06-12.");
    expect(dayProblem("1999-12-31")).toBe("Choose a date between 2000 and 2100.");
    expect(dayProblem("12/06/2027")).toBe("Enter a date like 2027-06-12.");
  });
});

describe("canMoveExpense", () => {
  it("allows Pending to Approved or Rejected and back, never Approved and Rejected directly", () => {
    expect(canMoveExpense("Pending", "Approved")).toBe(true);
    expect(canMoveExpense("Pending", "Rejected")).toBe(true);
    expect(canMoveExpense("Approved", "Pending")).toBe(true);
    expect(canMoveExpense("Rejected", "Pending")).toBe(true);
    expect(canMoveExpense("Approved", "Rejected")).toBe(false);
    expect(canMoveExpense("Rejected", "Approved")).toBe(false);
    expect(canMoveExpense("Pending", "Pending")).toBe(false);
  });
});

describe("the budget page's address", () => {
  it("keeps a known status filter and notes an unknown one", () => {
    expect(parseBudgetSearchParams({ status: "Approved" })).toEqual({ filters: { status: "Approved" }, notes: [] });
    const parsed = parseBudgetSearchParams({ status: "Paid" });
    expect(parsed.filters).toEqual({});
    expect(parsed.notes).toHaveLength(1);
    expect(budgetPageHref(4, { status: "Pending" })).toBe("/weddings/4/budget?status=Pending");
    expect(budgetPageHref(4, {})).toBe("/weddings/4/budget");
  });
});
