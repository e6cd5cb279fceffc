import { describe, expect, it } from "vitest";
import { dbVerdict, e2eVerdict, planText, renderBench, renderOrmComparison, type BenchResult } from "./report";
import type { QueryMeasurement } from "./run";

const s = (p50: number, p95: number, p99 = p95, n = 200) => ({ n, p50, p95, p99, mean: p50, max: p99 });

function measurement(over: Partial<QueryMeasurement> = {}): QueryMeasurement {
  return {
    key: "guest-lookup",
    label: "Guest lookup | by wedding",
    targetDbP95Ms: 0.5,
    e2e: s(0.9, 1.6),
    db: s(0.2, 0.3),
    planning: s(0.1, 0.1),
    plan: {
      top: "Sort",
      access: "Index Scan using idx_guest_wedding on guest",
      scans: [
        {
          nodeType: "Index Scan",
          relation: "guest",
          table: "guest",
          index: "idx_guest_wedding",
          parentIndex: "idx_guest_wedding",
          description: "Index Scan using idx_guest_wedding on guest",
        },
        {
          nodeType: "Seq Scan",
          relation: "booking_2026_q2",
          table: "booking",
          index: null,
          parentIndex: null,
          description: "Seq Scan on booking_2026_q2",
        },
        {
          nodeType: "Seq Scan",
          relation: "booking_2026_q3",
          table: "booking",
          index: null,
          parentIndex: null,
          description: "Seq Scan on booking_2026_q3",
        },
      ],
      partitions: { booking: ["booking_2026_q2", "booking_2026_q3"] },
      subplansRemoved: 0,
    },
    capped: false,
    ...over,
  };
}

const result = (over: Partial<BenchResult> = {}): BenchResult => ({
  scale: "full",
  startedAt: "2026-11-24T07:00:00.000Z",
  runs: 200,
  warmup: 20,
  seed: 1,
  machine: {
    cpus: "AMD EPYC",
    cores: 2,
    memoryGiB: 24,
    node: "v20",
    postgres: "PostgreSQL 15.18",
    settings: { jit: "off" },
  },
  rows: { booking: 10_000_000, vendor: 2_000_000 },
  loadSeconds: 650,
  poolSize: 10,
  baseline: [
    measurement({ db: s(2000, 2800), plan: { ...measurement().plan!, access: "Seq Scan on guest" }, capped: true }),
  ],
  optimized: [measurement()],
  concurrency: [
    {
      clients: 8,
      seconds: 20,
      requests: 4000,
      throughput: 200,
      errors: 0,
      p50: 3,
      p95: 9,
      p99: 20,
      perQuery: { "guest-lookup": { n: 400, p95: 4 } },
    },
  ],
  extra: ["#### Extra block"],
  ...over,
});

describe("the benchmark report", () => {
  it("judges DB and end-to-end times against their targets", () => {
    expect(dbVerdict(measurement()).met).toBe(true);
    expect(dbVerdict(measurement({ db: s(1, 1.5) })).text).toBe("missed by 1.00 ms (3.0× the target)");
    // End to end may exceed DB P95 by 1.5 ms: 0.3 + 1.5 = 1.8 ≥ 1.6.
    expect(e2eVerdict(measurement()).met).toBe(true);
    expect(e2eVerdict(measurement({ e2e: s(1, 2.3) })).text).toBe("missed by 0.50 ms");
  });

  it("renders the before/after table with plans, ratios and capped runs", () => {
    const md = renderBench(result());
    expect(md).toContain(
      "| Guest lookup \\| by wedding | 2.0 s / 2.8 s / 2.8 s (n=200) | 0.20 ms / 0.30 ms / 0.30 ms | 9333× |",
    );
    expect(md).toContain(
      "Sort › Seq Scan on guest | Sort › Index Scan using idx_guest_wedding on guest | ≤ 0.50 ms | met |",
    );
    // Partitions read alike are one scan.
    expect(md).toContain("Index Scan using idx_guest_wedding on guest; Seq Scan on booking (partitions)");
    expect(md).toContain("| 8 | 20 | 4000 | 200 | 3.00 ms | 9.00 ms | 20.0 ms | 0 |");
    expect(md).toContain("#### Extra block");
    expect(md).toContain("Every query of the workload is in the mix.");
    const skipping = renderBench(result({ concurrencySkipped: ["guest-lookup", "gone-key"] }));
    expect(skipping).toContain("Left out of the mix (`--concurrency-skip`): Guest lookup | by wedding; gone-key.");
    expect(skipping).not.toContain("Every query of the workload");
    expect(md).toContain("`npm run bench:load` took 10.8 min.");
    expect(md).toContain("booking 10,000,000, vendor 2,000,000");
  });

  it("says when there was no baseline run and no plan", () => {
    const md = renderBench(result({ baseline: null, optimized: [measurement({ plan: null })], concurrency: [] }));
    expect(md).toContain("| not run |");
    expect(md).not.toContain("Concurrent clients");
    expect(planText(null)).toBe("–");
  });

  it("renders the ORM comparison with its ratio and the version kept", () => {
    const md = renderOrmComparison([
      {
        dashboard: "cockpit",
        label: "Cockpit",
        tuned: { p50: 10, p95: 12, runs: 200 },
        orm: { p50: 47, p95: 60, runs: 200 },
        ratioP50: 4.7,
        ratioP95: 5,
        faster: "tuned",
      },
    ]);
    expect(md).toContain("| Cockpit | 10.0 ms / 12.0 ms | 47.0 ms / 60.0 ms | 4.7× | tuned |");
  });
});
