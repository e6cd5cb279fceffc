import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Overhead from "./identity-overhead";
import type { Identity } from "./with-identity";

// The measurement of the identity transaction's fixed cost (issue 6, point 5).
// The numbers themselves belong to the benchmark on an idle machine; here only
// their shape, and one loose relative check: one round trip beats four.

let db: TestDatabase;
let o: typeof Overhead;
let planner: Identity;
let guest: Identity;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  o = await import("./identity-overhead");
  const user = await db.prisma.user.create({ data: { email: "pia@example.test", name: "Pia", role: "planner" } });
  planner = { kind: "user", userId: user.id, role: "planner" };
  guest = { kind: "guest", guestToken: "no-such-token" };
});

afterAll(async () => {
  await db.drop();
});

function expectSane(summary: Overhead.LatencySummary, runs: number) {
  expect(summary.runs).toBe(runs);
  expect(summary.p50Ms).toBeGreaterThan(0);
  expect(summary.p50Ms).toBeLessThanOrEqual(summary.p95Ms);
  expect(summary.p95Ms).toBeLessThanOrEqual(summary.p99Ms);
  expect(summary.meanMs).toBeGreaterThan(0);
}

describe("measureIdentityOverhead", () => {
  it("measures every path on the same lookup, and the lean path beats withIdentity", async () => {
    const result = await o.measureIdentityOverhead({ appUrl: db.appUrl, identity: planner, runs: 300 });
    for (const summary of [
      result.bare,
      result.withIdentity,
      result.lean,
      result.alternatives.prismaBatch,
      result.alternatives.pgSequential,
      result.lookupDb,
    ])
      expectSane(summary, 300);
    expect(result.identity).toBe(`planner ${planner.kind === "user" && planner.userId}`);
    expect(result.lookup).toMatch(/FROM users WHERE user_id = \$1/);
    // Relative, not a timed target: one round trip against four plus Prisma's bookkeeping.
    expect(result.lean.p50Ms).toBeLessThan(result.withIdentity.p50Ms);
    expect(result.overheadP95Ms.lean).toBeCloseTo(result.lean.p95Ms - result.lookupDb.p95Ms, 2);
    const table = o.formatIdentityOverhead(result);
    expect(table).toContain("| readAs (pipelined: one round trip) |");
    expect(table.split("\n").filter((line) => line.startsWith("| "))).toHaveLength(8);
  });

  it("works for a guest, and refuses a run count that is not a positive whole number", async () => {
    const result = await o.measureIdentityOverhead({ appUrl: db.appUrl, identity: guest, runs: 20, warmup: 5 });
    expectSane(result.lean, 20);
    expect(result.identity).toBe("guest");
    for (const runs of [0, -1, 1.5]) {
      await expect(o.measureIdentityOverhead({ appUrl: db.appUrl, identity: guest, runs })).rejects.toThrow(/runs/);
    }
  });
});

describe("summarize", () => {
  it("takes nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(o.summarize(samples)).toEqual({ runs: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, meanMs: 50.5 });
    expect(o.summarize([2])).toEqual({ runs: 1, p50Ms: 2, p95Ms: 2, p99Ms: 2, meanMs: 2 });
    expect(() => o.summarize([])).toThrow(/No samples/);
  });
});
