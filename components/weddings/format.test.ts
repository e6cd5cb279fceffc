import { describe, expect, it } from "vitest";
import { formatDaysLeft, formatMoney, formatPercent, subtractAmounts } from "./format";

describe("formatMoney", () => {
  it("formats the exact decimal string in the wedding's currency", () => {
    expect(formatMoney("1234.5", "EUR")).toBe("€1,234.50");
    expect(formatMoney("0.10", "GBP")).toBe("£0.10");
    expect(formatMoney("2500.00", "USD")).toBe("US$2,500.00");
  });

  it("keeps every cent of amounts a float cannot hold", () => {
    expect(formatMoney("9999999999.99", "EUR")).toBe("€9,999,999,999.99");
    expect(formatMoney("90071992547409.93", "EUR")).toBe("€90,071,992,547,409.93");
  });

  it("shows an unknown currency code after the amount, and refuses text that is not an amount", () => {
    expect(formatMoney("12.00", "E1R")).toBe("12.00 E1R");
    expect(() => formatMoney("12,00", "EUR")).toThrow(RangeError);
    expect(() => formatMoney("", "EUR")).toThrow(RangeError);
  });
});

describe("formatPercent", () => {
  it("rounds to one decimal and says nothing without a budget", () => {
    expect(formatPercent("104.35")).toBe("104.4%");
    expect(formatPercent("0.00")).toBe("0%");
    expect(formatPercent(null)).toBeNull();
  });
});

describe("formatDaysLeft", () => {
  it("counts days to the wedding, and since it", () => {
    expect(formatDaysLeft(12)).toBe("12 days");
    expect(formatDaysLeft(1)).toBe("1 day");
    expect(formatDaysLeft(0)).toBe("Today");
    expect(formatDaysLeft(-1)).toBe("1 day ago");
    expect(formatDaysLeft(-30)).toBe("30 days ago");
  });
});

describe("subtractAmounts", () => {
  it("subtracts to the cent without floats", () => {
    expect(subtractAmounts("1200.10", "1000.25")).toBe("199.85");
    expect(subtractAmounts("0.30", "0.10")).toBe("0.20");
    expect(subtractAmounts("90071992547409.93", "0.01")).toBe("90071992547409.92");
    expect(subtractAmounts("5", "7.5")).toBe("-2.50");
    expect(subtractAmounts("100.00", "100")).toBe("0.00");
  });

  it("refuses text that is not an amount", () => {
    expect(() => subtractAmounts("1.234", "0")).toThrow(RangeError);
    expect(() => subtractAmounts("abc", "0")).toThrow(RangeError);
  });
});
