import { describe, expect, it } from "vitest";
import { formatAmount, formatUsed } from "./money";

describe("formatAmount", () => {
  it("formats exact decimal strings in the wedding's currency", () => {
    expect(formatAmount("1234.5", "EUR")).toBe("€1,234.50");
    expect(formatAmount("9999999999.99", "GBP")).toBe("£9,999,999,999.99");
    expect(formatAmount("-50.10", "USD")).toBe("-US$50.10");
  });

  it("shows an unknown currency code after the plain amount, and refuses what is not an amount", () => {
    expect(formatAmount("10.00", "XX1")).toBe("10.00 XX1");
    expect(() => formatAmount("ten", "EUR")).toThrow(RangeError);
  });
});

describe("formatUsed", () => {
  it("shows a percentage with at most one decimal, and a dash without a budget", () => {
    expect(formatUsed("104.35")).toBe("104.4%");
    expect(formatUsed("50.00")).toBe("50%");
    expect(formatUsed(null)).toBe("—");
  });
});
