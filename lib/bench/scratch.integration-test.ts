import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  const t0 = Date.now();
  const { loadBenchData } = await import("./load");
  await loadBenchData(db.url, "small");
  console.log("load ms", Date.now() - t0);
  await db.pool.query("ANALYZE");
  console.log("load+analyze ms", Date.now() - t0);
}, 240_000);
afterAll(async () => db?.drop());

it("explains the workload", async () => {
  const { loadBenchSample, seededRandom } = await import("./sample");
  const { WORKLOAD } = await import("./workload");
  const { enableNestedPlans, createPlanCapture, explainWorkloadQuery, loadPlanContext, rootNodes } = await import("./explain");
  const { checkPlan } = await import("./plan");
  await enableNestedPlans(db.pool, db.name);
  const capture = createPlanCapture(db.appUrl);
  const sample = await loadBenchSample(db.pool);
  console.log(JSON.stringify({ ...sample, planners: sample.planners.length, weddings: sample.weddings.length }).slice(0, 800));
  const context = await loadPlanContext(db.pool);
  for (const q of WORKLOAD) {
    const rng = seededRandom(1);
    const p = q.params(rng, sample);
    const plan = await explainWorkloadQuery(q, p, { capture });
    const check = checkPlan(rootNodes(plan), q.expect, context);
    (await import("node:fs")).mkdirSync("/tmp/plans", { recursive: true });
    (await import("node:fs")).writeFileSync(`/tmp/plans/${q.key}.json`, JSON.stringify(plan.plans, null, 1));
    console.log(q.key, JSON.stringify(p).slice(0, 200), "\n  top:", check.summary.top, "| access:", check.summary.access, "\n  scans:", check.summary.scans.map((s) => s.description).join("; "), "\n  partitions:", JSON.stringify(check.summary.partitions), "\n  problems:", check.problems);
    const t0 = performance.now();
    await q.run(p);
    console.log("  run ms", (performance.now() - t0).toFixed(1));
  }
  await capture.close();
  expect(1).toBe(1);
});
