import { describe, expect, it } from "vitest";
import { buildAlerts } from "./alerts";
import { formatBytes, formatDuration, formatMs, formatNumber, formatPercent } from "./format";
import { DEFAULT_HEALTH_PARAMS, healthHref, parseHealthSearchParams, ZResetStatsSchema } from "./schema";
import { summarizeTrend } from "./trend";

describe("formatting", () => {
  it.each([
    [0, "0 bytes"],
    [10 * 1024 - 1, "10239 bytes"],
    [10 * 1024, "10 kB"],
    [26_934_631, "26 MB"],
    [5 * 1024 ** 4, "5120 GB"],
  ])("formatBytes(%s) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [0, "0.00 ms"],
    [0.004, "0.004 ms"],
    [0.5, "0.50 ms"],
    [12.34, "12.3 ms"],
    [250.4, "250 ms"],
    [1500, "1.50 s"],
    [12_345, "12.3 s"],
  ])("formatMs(%s) = %s", (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it.each([
    [4.2, "4.2 s"],
    [185, "3 min 05 s"],
    [7_620, "2 h 07 min"],
  ])("formatDuration(%s) = %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("says n/a for missing or impossible values", () => {
    for (const value of [null, undefined, Number.NaN, -1]) {
      expect(formatBytes(value)).toBe("n/a");
      expect(formatMs(value)).toBe("n/a");
      expect(formatDuration(value)).toBe("n/a");
    }
    expect(formatPercent(null)).toBe("n/a");
    expect(formatNumber(undefined)).toBe("n/a");
    expect(formatPercent(99.456)).toBe("99.46 %");
  });
});

describe("summarizeTrend", () => {
  it("says how to get a first sample", () => {
    expect(summarizeTrend([])).toBe("No samples in the last 24 hours yet: each visit to this page records one.");
  });

  it("gives the range and latest value of both series", () => {
    const text = summarizeTrend([
      { at: "2026-11-01T10:00:00Z", cacheHitPct: 98.5, connections: 4, maxConnections: 200 },
      { at: "2026-11-01T11:00:00Z", cacheHitPct: null, connections: 9, maxConnections: 200 },
      { at: "2026-11-01T12:00:00Z", cacheHitPct: 99.9, connections: 6, maxConnections: 200 },
    ]);
    expect(text).toBe(
      "Over the last 24 hours (3 samples), the buffer cache hit ratio ranged from 98.50 % to 99.90 % (latest 99.90 %); " +
        "connections ranged from 4 to 9 of 200 allowed (latest 6).",
    );
  });
});

describe("buildAlerts", () => {
  const base = {
    deadlocks: { perMinute: 0, basis: "since-reset" as const, minutes: 30 },
    replication: { isStandby: false, replicas: 0, lagSeconds: null },
    cpu: [{ at: 1, spanMs: 10_000, cpuPct: 12 }],
    ioQueueDepth: 0.1,
    cacheHitPct: 99.5,
  };

  it("has the report's five rules in order, with their thresholds", () => {
    const alerts = buildAlerts(base);
    expect(alerts.map((a) => [a.key, a.status])).toEqual([
      ["deadlocks", "OK"],
      ["replication", "N/A"],
      ["cpu", "OK"],
      ["io", "OK"],
      ["cache", "OK"],
    ]);
    expect(alerts[0]!.thresholds).toBe("WARN above 0, CRIT above 5");
    expect(alerts[1]!.reading).toBe("no replica");
    expect(alerts[4]!.thresholds).toContain("CRIT below 95 %");
  });

  it("reads a replica's lag, counting a missing lag on a live replica as none", () => {
    const alerts = buildAlerts({ ...base, replication: { isStandby: false, replicas: 1, lagSeconds: 31 } });
    expect(alerts[1]).toMatchObject({ reading: "31.0 s", status: "CRIT" });
    expect(buildAlerts({ ...base, replication: { isStandby: false, replicas: 2, lagSeconds: null } })[1]!.status).toBe(
      "OK",
    );
  });

  it("raises the deadlock and cache alerts from their readings", () => {
    const alerts = buildAlerts({
      ...base,
      deadlocks: { perMinute: 6, basis: "last-minutes", minutes: 2 },
      cacheHitPct: 90,
    });
    expect(alerts[0]).toMatchObject({ status: "CRIT", reading: "6 / min (last 2 min)" });
    expect(alerts[4]).toMatchObject({ status: "CRIT", reading: "90.00 %" });
  });
});

describe("the health page's address and the reset form", () => {
  it("reads the sort and the bloat switch, and notes what it ignored", () => {
    expect(parseHealthSearchParams({})).toEqual({ params: DEFAULT_HEALTH_PARAMS, notes: [] });
    expect(parseHealthSearchParams({ sort: "mean", dir: "asc", bloat: "1" }).params).toEqual({
      sort: "mean",
      dir: "asc",
      bloat: "1",
    });
    const bad = parseHealthSearchParams({ sort: "query; DROP TABLE users", bloat: "yes", dir: ["asc", "desc"] });
    expect(bad.params).toEqual(DEFAULT_HEALTH_PARAMS);
    expect(bad.notes).toHaveLength(3);
  });

  it("writes only what differs from the defaults", () => {
    expect(healthHref(DEFAULT_HEALTH_PARAMS)).toBe("/admin/health");
    expect(healthHref(DEFAULT_HEALTH_PARAMS, { sort: "calls", bloat: "1" })).toBe("/admin/health?sort=calls&bloat=1");
  });

  it("accepts only the two reset targets", () => {
    expect(ZResetStatsSchema.safeParse({ target: "statements" }).success).toBe(true);
    expect(ZResetStatsSchema.safeParse({ target: "database" }).success).toBe(true);
    for (const target of [undefined, "", "all", "STATEMENTS", 1, "x".repeat(1000)]) {
      const parsed = ZResetStatsSchema.safeParse({ target });
      expect(parsed.success).toBe(false);
    }
    expect(ZResetStatsSchema.safeParse({}).error?.issues[0]?.message).toBe("Choose which statistics to reset.");
  });
});
