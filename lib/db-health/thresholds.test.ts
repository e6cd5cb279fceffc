import { describe, expect, it } from "vitest";
import {
  classifyCacheHit,
  classifyCpu,
  classifyDeadlocks,
  classifyIoQueueDepth,
  classifyReplicationLag,
  cpuHighForMs,
  worstStatus,
  type CpuReading,
} from "./thresholds";

// Each rule of report section 7.3 at and around its boundaries.

describe("classifyDeadlocks (alert: more than 5 per minute)", () => {
  it.each([
    [0, "OK"],
    [0.01, "WARN"],
    [4.99, "WARN"],
    [5, "WARN"],
    [5.01, "CRIT"],
    [120, "CRIT"],
  ] as const)("%s per minute is %s", (rate, status) => {
    expect(classifyDeadlocks(rate)).toBe(status);
  });

  it("is N/A without a rate", () => {
    expect(classifyDeadlocks(null)).toBe("N/A");
    expect(classifyDeadlocks(Number.NaN)).toBe("N/A");
  });
});

describe("classifyReplicationLag (alert: over 30 s)", () => {
  it.each([
    [0, "OK"],
    [10, "OK"],
    [10.001, "WARN"],
    [30, "WARN"],
    [30.001, "CRIT"],
  ] as const)("%s s is %s", (lag, status) => {
    expect(classifyReplicationLag(lag)).toBe(status);
  });

  it("is N/A without a replica", () => {
    expect(classifyReplicationLag(null)).toBe("N/A");
  });
});

describe("classifyIoQueueDepth (our thresholds: 2 and 8)", () => {
  it.each([
    [0, "OK"],
    [2, "OK"],
    [2.01, "WARN"],
    [8, "WARN"],
    [8.01, "CRIT"],
  ] as const)("depth %s is %s", (depth, status) => {
    expect(classifyIoQueueDepth(depth)).toBe(status);
  });

  it("is N/A where it cannot be measured", () => {
    expect(classifyIoQueueDepth(undefined)).toBe("N/A");
  });
});

describe("classifyCacheHit (target above 99 %, alert below 95 %)", () => {
  it.each([
    [100, "OK"],
    [99.01, "OK"],
    [99, "WARN"],
    [95, "WARN"],
    [94.99, "CRIT"],
    [0, "CRIT"],
  ] as const)("%s %% is %s", (percent, status) => {
    expect(classifyCacheHit(percent)).toBe(status);
  });

  it("is N/A before any block was read", () => {
    expect(classifyCacheHit(null)).toBe("N/A");
  });
});

describe("classifyCpu (alert: above 80 % for more than 2 minutes)", () => {
  const run = (...values: (number | null)[]): CpuReading[] =>
    values.map((cpuPct, i) => ({ at: (i + 1) * 10_000, spanMs: 10_000, cpuPct }));

  it("is OK at 80 % exactly, however long", () => {
    expect(classifyCpu(run(...Array<number>(20).fill(80)))).toBe("OK");
  });

  it("is WARN as soon as the latest reading is above 80 %", () => {
    expect(classifyCpu(run(10, 10, 80.5))).toBe("WARN");
  });

  it("is WARN at exactly 2 minutes above 80 %, CRIT beyond", () => {
    expect(cpuHighForMs(run(...Array<number>(12).fill(90)))).toBe(120_000);
    expect(classifyCpu(run(...Array<number>(12).fill(90)))).toBe("WARN");
    expect(classifyCpu(run(...Array<number>(13).fill(90)))).toBe("CRIT");
  });

  it("counts only the unbroken run that ends now", () => {
    const readings = run(...Array<number>(13).fill(95), 50, 95);
    expect(cpuHighForMs(readings)).toBe(10_000);
    expect(classifyCpu(readings)).toBe("WARN");
    expect(classifyCpu(run(...Array<number>(13).fill(95), 50))).toBe("OK");
  });

  it("is N/A without readings", () => {
    expect(classifyCpu([])).toBe("N/A");
    expect(classifyCpu(run(null))).toBe("N/A");
  });
});

describe("worstStatus", () => {
  it("puts CRIT over WARN over OK, and ignores N/A", () => {
    expect(worstStatus(["OK", "WARN", "N/A", "CRIT"])).toBe("CRIT");
    expect(worstStatus(["OK", "N/A", "WARN"])).toBe("WARN");
    expect(worstStatus(["N/A", "OK"])).toBe("OK");
    expect(worstStatus(["N/A"])).toBe("N/A");
  });
});
