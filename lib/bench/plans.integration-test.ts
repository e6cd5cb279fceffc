import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type pg from "pg";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Explain from "./explain";
import type * as Workload from "./workload";
import { checkPlan, type PlanContext } from "./plan";
import { loadBenchData } from "./load";
import { loadBenchSample, seededRandom, type BenchSample } from "./sample";
import { WORKLOAD_KEYS } from "./args";

// Issue #6, point 4: the plans checked in CI. At `small` scale, after
// ANALYZE, every workload statement is EXPLAINed as the app runs it: as the
// runtime role wedding_app inside withIdentity, so row-level security shapes
// the plan as in production. Each must use its intended index or partition
// pruning, and none may read a large table sequentially
// (lib/bench/plan.ts, checkPlan). Statements that call a security-definer
// function are checked on the plan inside it (auto_explain).

vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

let db: TestDatabase;
let sample: BenchSample;
let context: PlanContext;
let explain: typeof Explain;
let workload: typeof Workload;
let capture: Explain.PlanCapture;
let disconnectApp: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase("wp_plans");
  process.env.APP_DATABASE_URL = db.appUrl;
  await loadBenchData(db.url, "small");
  await db.pool.query("ANALYZE");
  explain = await import("./explain");
  workload = await import("./workload");
  const { getPrisma, getReportPrisma } = await import("@/lib/db/client");
  disconnectApp = async () => {
    await getPrisma().$disconnect();
    await getReportPrisma().$disconnect();
  };
  await explain.enableNestedPlans(db.pool, db.name);
  capture = explain.createPlanCapture(db.appUrl);
  sample = await loadBenchSample(db.pool);
  context = await explain.loadPlanContext(db.pool);
}, 120_000);

afterAll(async () => {
  await capture?.close();
  await disconnectApp?.();
  if (db) await explain?.disableNestedPlans(db.pool, db.name);
  await db?.drop();
});

describe("the benchmark sample", () => {
  it("finds the small scale's full planners, weddings, venues, payments and its admin", () => {
    // small: 500 full weddings, 50 per planner, so 10 planners own only full weddings.
    expect(sample.planners).toHaveLength(10);
    for (const planner of sample.planners) expect(planner.weddingIds).toHaveLength(50);
    expect(sample.fullWeddings.length).toBeGreaterThan(100);
    expect(sample.fullWeddings.every((w) => w.weddingId <= 500)).toBe(true);
    expect(sample.weddings.some((w) => w.weddingId > 500)).toBe(true);
    expect(sample.venueIds.length).toBeGreaterThan(100);
    expect(sample.pendingPaymentDays).not.toBeNull();
    expect(sample.weddingDays.from >= "2024-01-01" && sample.weddingDays.to <= "2028-12-31").toBe(true);
  });

  it("draws the same parameters from the same seed", () => {
    for (const query of workload.WORKLOAD) {
      expect(query.params(seededRandom(7), sample)).toEqual(query.params(seededRandom(7), sample));
    }
  });
});

describe("every workload query's plan at small scale, as the app's role under row-level security", () => {
  const keys = [...WORKLOAD_KEYS];

  it("covers the whole workload, whose keys the bench's flags accept", () => {
    expect(workload.WORKLOAD.map((q) => q.key)).toEqual(keys);
  });

  it.each(keys)("%s uses its intended index or pruning, and reads no large table sequentially", async (key) => {
    const query = workload.workloadQuery(key);
    // Three draws: different weddings, planners, terms and date ranges.
    for (const seed of [1, 2, 3]) {
      const params = query.params(seededRandom(seed), sample);
      const plan = await explain.explainWorkloadQuery(query, params, { capture });
      expect(plan.plans.length, `${key}: no plan captured`).toBeGreaterThan(0);
      const check = checkPlan(explain.rootNodes(plan), query.expect, context);
      expect(
        check.problems,
        `${key} ${JSON.stringify(params).slice(0, 200)}: ${check.summary.scans.map((s) => s.description).join("; ")}`,
      ).toEqual([]);
    }
  });

  it("runs every query end to end through the app's function, with rows to show", async () => {
    for (const query of workload.WORKLOAD) {
      const result = await query.run(query.params(seededRandom(1), sample));
      expect(result, query.key).toBeTruthy();
    }
  });
});

describe("the check fails when a plan regresses", () => {
  // The owner drops indexes inside a transaction (a partitioned parent's
  // index takes its partitions' copies along), EXPLAINs as the app's role
  // with the planner's identity in that same transaction, and rolls back.
  async function planWithout(indexes: string[], key: string) {
    const query = workload.workloadQuery(key);
    const params = query.params(seededRandom(1), sample) as { userId: number };
    const client: pg.PoolClient = await db.pool.connect();
    try {
      await client.query("BEGIN");
      for (const index of indexes) await client.query(`DROP INDEX ${client.escapeIdentifier(index)}`);
      await client.query("SET LOCAL ROLE wedding_app");
      await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', 'planner', true)", [
        String(params.userId),
      ]);
      const sql = query.sql(params);
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: Parameters<typeof checkPlan>[0] }] }>(
        `EXPLAIN (FORMAT JSON) ${sql.text}`,
        sql.values,
      );
      return checkPlan(rows[0]!["QUERY PLAN"][0].Plan, query.expect, context);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  it("without idx_guest_wedding, the guest lookup fails the check", async () => {
    const check = await planWithout(["idx_guest_wedding"], "guest-lookup");
    expect(check.ok).toBe(false);
    expect(check.problems.join("\n")).toContain("does not use idx_guest_wedding");
  });

  it("without the indexes that lead with the client, the booking history reads booking sequentially and fails", async () => {
    const check = await planWithout(
      ["idx_client_booking_date", "booking_client_id_idx", "booking_wedding_id_client_id_idx"],
      "booking-history",
    );
    expect(check.ok).toBe(false);
    expect(check.problems.join("\n")).toMatch(/sequential scan of the large table booking/);
  });
});
