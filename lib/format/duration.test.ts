import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";

describe("formatDuration", () => {
  it("picks a unit a person reads at a glance", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1000)).toBe("1.0 s");
    expect(formatDuration(1299)).toBe("1.2 s");
    expect(formatDuration(59_999)).toBe("59.9 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(3_725_000)).toBe("1 h 2 min");
  });

  it("refuses what is not a duration", () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});
