import { describe, expect, it } from "vitest";
import { formatDate, toIsoDate } from "./date";

describe("formatDate", () => {
  it("formats an ISO calendar day as a medium British date", () => {
    expect(formatDate("2027-06-12")).toBe("12 Jun 2027");
  });

  it("keeps the calendar day of a DATE column (UTC midnight) whatever the server's zone", () => {
    expect(formatDate(new Date(Date.UTC(2027, 0, 1)))).toBe("1 Jan 2027");
  });

  it("uses UTC for a timestamp late in the UTC day", () => {
    expect(formatDate("2027-12-31T23:30:00Z")).toBe("31 Dec 2027");
  });

  it("rejects text that is not a date", () => {
    expect(() => formatDate("not a date")).toThrow(RangeError);
  });
});

describe("toIsoDate", () => {
  it("returns the UTC calendar day without a time", () => {
    expect(toIsoDate(new Date(Date.UTC(2026, 1, 28)))).toBe("2026-02-28");
  });

  it("rejects an invalid date", () => {
    expect(() => toIsoDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
