import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  const { loadBenchData } = await import("./load");
  await loadBenchData(db.url, "small");
  await db.pool.query("ANALYZE");
}, 240_000);
afterAll(async () => db?.drop());
it("measures", async () => {
  const { loadBenchSample, seededRandom } = await import("./sample");
  const { workloadQuery } = await import("./workload");
  const { withIdentity } = await import("@/lib/db/with-identity");
  const { Prisma } = await import("@/lib/generated/prisma/client");
  const sample = await loadBenchSample(db.pool);
  const w = sample.fullWeddings[3]!;
  const id = { kind: "user" as const, userId: w.plannerUserId, role: "planner" as const };
  const text = async (sql: InstanceType<typeof Prisma.Sql>) => withIdentity(id, async (tx) => {
    const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) ${sql}`;
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
  const { compareOrmToTuned, percentile } = await import("./orm-compare");
  const { WORKLOAD } = await import("./workload");
  for (const q of WORKLOAD) {
    const rng = seededRandom(3);
    const exec: number[] = []; const plan: number[] = []; const e2e: number[] = [];
    for (let i = 0; i < 40; i++) {
      const p = q.params(rng, sample);
      const out = await withIdentity(q.identity(p), async (tx) => (await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, SUMMARY ON, COSTS OFF, TIMING OFF) ${q.sql(p)}`).map((r) => r["QUERY PLAN"]));
      const t0 = performance.now(); await q.run(p); const t = performance.now() - t0;
      if (i >= 10) {
        plan.push(Number(out.find((l) => l.startsWith("Planning Time"))!.match(/[\d.]+/)![0]));
        exec.push(Number(out.find((l) => l.startsWith("Execution Time"))!.match(/[\d.]+/)![0]));
        e2e.push(t);
      }
    }
    console.log(q.key.padEnd(24), "plan p50", percentile(plan, 50).toFixed(2), "| exec p50", percentile(exec, 50).toFixed(3), "p95", percentile(exec, 95).toFixed(3), "| e2e p50", percentile(e2e, 50).toFixed(2), "p95", percentile(e2e, 95).toFixed(2));
  }
  console.log(JSON.stringify((await compareOrmToTuned(sample, { runs: 30, warmup: 10 })).map((r) => [r.dashboard, r.tuned.p50, r.orm.p50, r.ratioP50, r.tuned.p95, r.orm.p95, r.ratioP95])));
  expect(1).toBe(1);
});
