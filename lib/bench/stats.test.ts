import { describe, expect, it } from "vitest";
import { formatMs, formatRatio, percentile, summarize } from "./stats";

describe("benchmark statistics", () => {
  it("uses nearest-rank percentiles: P99 of 200 runs is the second slowest", () => {
    const samples = Array.from({ length: 200 }, (_, i) => i + 1);
    const s = summarize(samples.reverse());
    expect(s).toMatchObject({ n: 200, p50: 100, p95: 190, p99: 198, max: 200 });
    expect(s.mean).toBeCloseTo(100.5);
  });

  it("handles one sample and refuses none or a bad percentile", () => {
    expect(summarize([3])).toMatchObject({ p50: 3, p95: 3, p99: 3 });
    expect(() => summarize([])).toThrow(/No samples/);
    expect(() => percentile([1], 0)).toThrow(/Percentile/);
    expect(() => percentile([1], 101)).toThrow(/Percentile/);
  });

  it("formats times and ratios for the report", () => {
    expect(formatMs(0.4213)).toBe("0.42 ms");
    expect(formatMs(18.26)).toBe("18.3 ms");
    expect(formatMs(145.6)).toBe("146 ms");
    expect(formatMs(2300)).toBe("2.3 s");
    expect(formatRatio(2800, 210)).toBe("13×");
    expect(formatRatio(1, 1.25)).toBe("0.8×");
    expect(formatRatio(1, 0)).toBe("n/a");
  });
});
