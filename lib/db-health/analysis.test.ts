import { describe, expect, it } from "vitest";
import {
  buildBlockingChains,
  deadlockRate,
  enforcesARule,
  estimateP95,
  hitPercent,
  rollUpBloat,
  unusedIndexes,
  type IndexUsage,
} from "./analysis";

const index = (changes: Partial<IndexUsage>): IndexUsage => ({
  tableName: "guest",
  indexName: "idx",
  accessMethod: "btree",
  scans: 0,
  tuplesRead: 0,
  bytes: 8192,
  partitions: 0,
  isPrimary: false,
  isUnique: false,
  isExclusion: false,
  definition: "CREATE INDEX …",
  ...changes,
});

describe("unusedIndexes", () => {
  it("lists never-scanned indexes, largest first, and nothing that enforces a rule", () => {
    const list = [
      index({ indexName: "small_unused", bytes: 100 }),
      index({ indexName: "big_unused", bytes: 10_000 }),
      index({ indexName: "used", scans: 1 }),
      index({ indexName: "guest_pkey", isPrimary: true, isUnique: true }),
      index({ indexName: "guest_qr_code_key", isUnique: true }),
      index({ indexName: "no_overlap", isExclusion: true }),
      index({ indexName: "booking_venue_day_key", tableName: "booking" }),
    ];
    expect(unusedIndexes(list).map((i) => i.indexName)).toEqual(["big_unused", "small_unused"]);
  });

  it("protects the double-booking index by name even if it were not unique", () => {
    expect(enforcesARule(index({ indexName: "booking_venue_day_key" }))).toBe(true);
    expect(enforcesARule(index({ indexName: "idx_guest_wedding" }))).toBe(false);
  });
});

describe("buildBlockingChains", () => {
  it("starts each chain at the holder and indents the sessions queued behind it", () => {
    const rows = [
      { pid: 30, blockedBy: [20] },
      { pid: 20, blockedBy: [10] },
      { pid: 10, blockedBy: [] },
      { pid: 21, blockedBy: [10] },
    ];
    expect(buildBlockingChains(rows).map((l) => [l.row.pid, l.depth, l.waitsFor])).toEqual([
      [10, 0, null],
      [20, 1, 10],
      [30, 2, 20],
      [21, 1, 10],
    ]);
  });

  it("treats a waiter whose blocker is not listed as the head of its chain", () => {
    expect(buildBlockingChains([{ pid: 5, blockedBy: [99] }]).map((l) => [l.row.pid, l.depth])).toEqual([[5, 0]]);
  });

  it("lists sessions caught in a cycle once each instead of looping", () => {
    const lines = buildBlockingChains([
      { pid: 1, blockedBy: [2] },
      { pid: 2, blockedBy: [1] },
    ]);
    expect(lines.map((l) => l.row.pid).sort()).toEqual([1, 2]);
  });

  it("is empty without lock waits", () => {
    expect(buildBlockingChains([])).toEqual([]);
  });
});

describe("deadlockRate", () => {
  const min = 60_000;
  const now = { at: 10 * min, deadlocks: 12 };

  it("uses the oldest sample 1 to 5 minutes back", () => {
    const history = [
      { at: 2 * min, deadlocks: 0 },
      { at: 6 * min, deadlocks: 2 },
      { at: 8 * min, deadlocks: 8 },
      { at: 9.5 * min, deadlocks: 11 },
    ];
    expect(deadlockRate(history, now, 0)).toEqual({ perMinute: 2.5, basis: "last-minutes", minutes: 4 });
  });

  it("falls back to the average since the reset without a usable sample", () => {
    expect(deadlockRate([{ at: 9.9 * min, deadlocks: 11 }], now, 4 * min)).toEqual({
      perMinute: 2,
      basis: "since-reset",
      minutes: 6,
    });
  });

  it("ignores samples from before a reset of the counter", () => {
    const history = [
      { at: 6 * min, deadlocks: 40 },
      { at: 8.5 * min, deadlocks: 1 },
    ];
    expect(deadlockRate(history, now, 8 * min)).toMatchObject({ basis: "last-minutes", minutes: 1.5 });
    // Reset between the last sample and now: no sample can be compared.
    expect(deadlockRate([{ at: 7 * min, deadlocks: 50 }], now, 9 * min)?.basis).toBe("since-reset");
  });

  it("counts at least one minute since a reset, and is null without a reset time", () => {
    expect(deadlockRate([], { at: 10 * min, deadlocks: 1 }, 10 * min - 1000)?.perMinute).toBe(1);
    expect(deadlockRate([], now, null)).toBeNull();
  });
});

describe("rollUpBloat", () => {
  it("sums partition copies into their parent and ranks by wasted space", () => {
    const rows = rollUpBloat([
      { kind: "table", tableName: "booking", relationName: "booking", bytes: 1000, freeBytes: 100, deadBytes: 50 },
      { kind: "table", tableName: "booking", relationName: "booking", bytes: 1000, freeBytes: 0, deadBytes: 50 },
      {
        kind: "index",
        tableName: "guest",
        relationName: "idx_guest_wedding",
        bytes: 800,
        freeBytes: 400,
        deadBytes: 0,
      },
      { kind: "table", tableName: "empty", relationName: "empty", bytes: 0, freeBytes: 0, deadBytes: 0 },
    ]);
    expect(rows.map((r) => [r.relationName, r.partitions, r.bytes, r.wastedBytes, r.wastedPct])).toEqual([
      ["idx_guest_wedding", 1, 800, 400, 50],
      ["booking", 2, 2000, 200, 10],
      ["empty", 1, 0, 0, 0],
    ]);
  });
});

describe("estimateP95", () => {
  it("is mean + 1.645 standard deviations, capped at the slowest call", () => {
    expect(estimateP95(100, 10, 2, 100)).toBeCloseTo(13.29);
    expect(estimateP95(100, 10, 50, 40)).toBe(40);
  });

  it("is the mean with fewer than two calls", () => {
    expect(estimateP95(1, 7, 0, 7)).toBe(7);
  });
});

describe("hitPercent", () => {
  it("is the share of hits, or null when nothing was read", () => {
    expect(hitPercent(99, 1)).toBe(99);
    expect(hitPercent(0, 0)).toBeNull();
  });
});
