import { describe, expect, it } from "vitest";
import { formatDateTime } from "./date-time";

describe("formatDateTime", () => {
  it("formats an instant in UTC whatever the process's zone", () => {
    expect(formatDateTime("2026-11-01T23:30:05.999Z")).toBe("1 Nov 2026, 23:30:05 UTC");
    expect(formatDateTime(new Date(Date.UTC(2027, 5, 12, 8, 4, 0)))).toBe("12 Jun 2027, 08:04:00 UTC");
  });

  it("refuses something that is not a date", () => {
    expect(() => formatDateTime("yesterday")).toThrow(RangeError);
  });
});
