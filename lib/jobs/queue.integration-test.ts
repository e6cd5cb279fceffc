import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { JobDefinition } from "./definitions";
import { startJobQueue, type JobQueue } from "./queue";

// The queue's own guarantees, on a real pgboss schema that the queue creates
// at start: a failed job is retried with exponential back-off, and a
// singleton queue never runs two of its jobs at once, even with two workers
// in two "app servers".

let db: TestDatabase;
const queues: JobQueue[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const queue of queues) await queue.stop().catch(() => {});
  await db?.drop();
});

function testJob(name: string, options: Partial<JobDefinition> & Pick<JobDefinition, "run">): JobDefinition {
  return {
    name,
    title: name,
    description: "a test job",
    cron: "* * * * *",
    schedule: "every minute",
    retryLimit: 0,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
    ...options,
  };
}

async function start(jobs: JobDefinition[]): Promise<JobQueue> {
  const queue = await startJobQueue(db.url, { jobs, schedule: false, pollingIntervalSeconds: 0.5, log: () => {} });
  queues.push(queue);
  return queue;
}

type Run = { status: string; attempt: number; started: number; finished: number | null };

async function runsOf(name: string): Promise<Run[]> {
  const { rows } = await db.pool.query<{ status: string; attempt: number; started: string; finished: string | null }>(
    `SELECT status, attempt, (extract(epoch FROM started_at) * 1000)::bigint::text AS started,
            (extract(epoch FROM finished_at) * 1000)::bigint::text AS finished
       FROM job_run WHERE job_name = $1 ORDER BY started_at, job_run_id`,
    [name],
  );
  return rows.map((r) => ({
    ...r,
    started: Number(r.started),
    finished: r.finished === null ? null : Number(r.finished),
  }));
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the job queue", () => {
  it("creates its schema at start, without a migration of ours", async () => {
    await start([]);
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name IN ('job', 'queue', 'schedule', 'version')",
    );
    expect(rows[0]!.n).toBe(4);
  });

  it("retries a job that throws, waiting longer before each retry, until it succeeds", async () => {
    let attempts = 0;
    const queue = await start([
      testJob("flaky-test", {
        retryLimit: 3,
        retryDelaySeconds: 1,
        run: async () => {
          attempts++;
          if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
          return { attempts };
        },
      }),
    ]);
    const id = await queue.boss.send("flaky-test", {});
    const runs = await waitFor("the third attempt", async () => {
      const found = await runsOf("flaky-test");
      return found.some((r) => r.status === "succeeded") ? found : undefined;
    });
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "succeeded"],
    ]);
    // pg-boss waits retryDelay × 2^n / 2 × (1 + random) seconds before retry n:
    // 1–2 s before the first retry, 2–4 s before the second.
    const firstWait = runs[1]!.started - runs[0]!.finished!;
    const secondWait = runs[2]!.started - runs[1]!.finished!;
    expect(firstWait).toBeGreaterThanOrEqual(900);
    expect(secondWait).toBeGreaterThanOrEqual(1900);
    const job = await queue.boss.getJobById("flaky-test", id!);
    expect(job).toMatchObject({ state: "completed", retryCount: 2, retryBackoff: true });
  });

  it("gives up after the retry limit and leaves the job failed", async () => {
    const queue = await start([
      testJob("doomed-test", {
        retryLimit: 1,
        retryDelaySeconds: 1,
        run: async () => {
          throw new Error("always fails");
        },
      }),
    ]);
    const id = await queue.boss.send("doomed-test", {});
    const job = await waitFor("the job to fail for good", async () => {
      const found = await queue.boss.getJobById("doomed-test", id!);
      return found?.state === "failed" ? found : undefined;
    });
    expect(job.retryCount).toBe(1);
    expect((await runsOf("doomed-test")).map((r) => [r.attempt, r.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
    ]);
  });

  it("never runs two jobs of a singleton queue at once, even with two workers", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const slow = testJob("singleton-test", {
      run: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 700));
        running--;
        return {};
      },
    });
    // Two queue instances: two "app servers" working the same queue.
    const first = await start([slow]);
    await start([slow]);
    await Promise.all([1, 2, 3].map(() => first.boss.send("singleton-test", {})));
    const runs = await waitFor("three runs", async () => {
      const found = await runsOf("singleton-test");
      return found.filter((r) => r.status !== "running").length === 3 ? found : undefined;
    });
    expect(mostAtOnce).toBe(1);
    // Had the queue let two overlap, the advisory lock would have skipped one.
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started).toBeGreaterThanOrEqual(runs[i - 1]!.finished!);
  });
});
