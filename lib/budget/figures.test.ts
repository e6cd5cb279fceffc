import { describe, expect, it } from "vitest";
import { budgetFigures, fromCents, percentage, toCents } from "./figures";

describe("cents", () => {
  it("round-trips amounts exactly, however large", () => {
    for (const amount of ["0.00", "0.05", "12.30", "9999999999.99", "-4.10"])
      expect(fromCents(toCents(amount))).toBe(amount);
    expect(toCents("12.3")).toBe(1230n);
    expect(toCents("12")).toBe(1200n);
    expect(() => toCents("1.234")).toThrow(RangeError);
  });

  it("adds without float errors", () => {
    expect(fromCents(toCents("0.10") + toCents("0.20"))).toBe("0.30");
  });
});

describe("percentage", () => {
  it("rounds half up to 2 decimals and is null without a budget", () => {
    expect(percentage(1n, 3n)).toBe("33.33");
    expect(percentage(2n, 3n)).toBe("66.67");
    expect(percentage(1n, 8n)).toBe("12.50");
    expect(percentage(150n, 100n)).toBe("150.00");
    expect(percentage(5n, 0n)).toBeNull();
  });
});

describe("budgetFigures", () => {
  const lines = [
    { id: 1, category: "Venue", amount: "1000.00" },
    { id: 2, category: "Flowers", amount: "200.00" },
    { id: 3, category: "Cake", amount: "150.00" },
  ];

  it("joins each line to its figures, shows spend without a line, and marks overspend", () => {
    const figures = budgetFigures(lines, [
      { category: "Venue", budget: "1000.00", spent: "1000.00" },
      { category: "Flowers", budget: "200.00", spent: "250.10" },
      { category: "Music", budget: "0.00", spent: "80.00" },
    ]);
    expect(figures).toEqual([
      {
        category: "Cake",
        lineId: 3,
        budget: "150.00",
        spent: "0.00",
        remaining: "150.00",
        usedPercentage: "0.00",
        overBudget: false,
      },
      {
        category: "Flowers",
        lineId: 2,
        budget: "200.00",
        spent: "250.10",
        remaining: "-50.10",
        usedPercentage: "125.05",
        overBudget: true,
      },
      {
        category: "Music",
        lineId: null,
        budget: "0.00",
        spent: "80.00",
        remaining: "-80.00",
        usedPercentage: null,
        overBudget: true,
      },
      {
        category: "Venue",
        lineId: 1,
        budget: "1000.00",
        spent: "1000.00",
        remaining: "0.00",
        usedPercentage: "100.00",
        overBudget: false,
      },
    ]);
  });
});
