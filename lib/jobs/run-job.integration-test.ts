import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { JobDefinition } from "./definitions";
import { runJob } from "./run-job";

// The wrapper every job runs in: the run history it writes, the redaction of
// errors, the advisory lock that keeps a job from running twice at once, and
// who may read the history.

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

function testJob(name: string, run: JobDefinition["run"]): JobDefinition {
  return {
    name,
    title: name,
    description: "a test job",
    cron: "* * * * *",
    schedule: "every minute",
    retryLimit: 0,
    retryDelaySeconds: 1,
    expireInSeconds: 60,
    run,
  };
}

type RunRow = {
  job_run_id: string;
  status: string;
  source: string;
  attempt: number;
  duration_ms: number | null;
  error: string | null;
  result: unknown;
  finished: boolean;
};

async function runsOf(name: string): Promise<RunRow[]> {
  const { rows } = await db.pool.query<RunRow>(
    `SELECT job_run_id::text, status, source, attempt, duration_ms, error, result, finished_at IS NOT NULL AS finished
       FROM job_run WHERE job_name = $1 ORDER BY job_run_id`,
    [name],
  );
  return rows;
}

/** Runs `sql` on the app role's connection with the given identity settings. */
async function asApp<T extends pg.QueryResultRow>(settings: { role?: string; userId?: string }, sql: string) {
  const client = new pg.Client({ connectionString: db.appUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', $1, true), set_config('app.user_id', $2, true)", [
      settings.role ?? "",
      settings.userId ?? "",
    ]);
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
  }
}

describe("runJob", () => {
  it("records a successful run with its duration and result", async () => {
    const outcome = await runJob(
      pool,
      testJob("ok-job", async (context) => ({ today: context.today, n: 3 })),
      { source: "once", today: "2027-01-05" },
    );
    expect(outcome).toMatchObject({ job: "ok-job", status: "succeeded", result: { today: "2027-01-05", n: 3 } });
    const [run] = await runsOf("ok-job");
    expect(run).toMatchObject({
      job_run_id: outcome.runId,
      status: "succeeded",
      source: "once",
      attempt: 1,
      error: null,
      result: { today: "2027-01-05", n: 3 },
      finished: true,
    });
    expect(run!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("records a failure with a truncated error that hides credentials, and does not throw", async () => {
    const outcome = await runJob(
      pool,
      testJob("failing-job", async () => {
        throw new Error(`cannot reach postgresql://owner:hunter2@db.internal/wp ${"x".repeat(2000)}`);
      }),
      { source: "queue", attempt: 2 },
    );
    expect(outcome.status).toBe("failed");
    const [run] = await runsOf("failing-job");
    expect(run).toMatchObject({ status: "failed", source: "queue", attempt: 2, result: null, finished: true });
    expect(run!.error).toMatch(/^cannot reach postgresql:\/\/\*\*\*@db\.internal\/wp x+…$/);
    expect(run!.error).not.toContain("hunter2");
    expect(run!.error!.length).toBe(1000);
  });

  it("runs one of two concurrent runs of the same job and skips the other (advisory lock)", async () => {
    let executions = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const job = testJob("locked-job", async () => {
      executions++;
      entered();
      await gate;
      return {};
    });
    const first = runJob(pool, job, { source: "queue" });
    await inside;
    const second = await runJob(pool, job, { source: "once" });
    expect(second.status).toBe("skipped");
    release();
    expect((await first).status).toBe("succeeded");
    expect(executions).toBe(1);
    const runs = await runsOf("locked-job");
    expect(runs.map((r) => [r.source, r.status])).toEqual([
      ["queue", "succeeded"],
      ["once", "skipped"],
    ]);

    // Once the first run has finished, the lock is free again.
    expect((await runJob(pool, job, { source: "once" })).status).toBe("succeeded");
    expect(executions).toBe(2);
  });

  it("lets different jobs run at the same time", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = runJob(
      pool,
      testJob("slow-job", async () => {
        entered();
        await gate;
        return {};
      }),
      { source: "queue" },
    );
    await inside;
    const other = await runJob(
      pool,
      testJob("other-job", async () => ({})),
      { source: "queue" },
    );
    expect(other.status).toBe("succeeded");
    release();
    expect((await slow).status).toBe("succeeded");
  });

  it("marks a run that was left 'running' by a dead process as failed", async () => {
    await db.pool.query(
      "INSERT INTO job_run (job_name, source, started_at) VALUES ('crashed-job', 'queue', now() - interval '1 hour')",
    );
    await runJob(
      pool,
      testJob("crashed-job", async () => ({})),
      { source: "once" },
    );
    const runs = await runsOf("crashed-job");
    expect(runs.map((r) => r.status)).toEqual(["failed", "succeeded"]);
    expect(runs[0]!.error).toMatch(/^Abandoned/);
    expect(runs[0]!.duration_ms).toBeGreaterThanOrEqual(3_599_000);
  });
});

describe("job_run access", () => {
  it("is readable by an admin only", async () => {
    const total = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM job_run");
    expect(total.rows[0]!.n).toBeGreaterThan(0);
    const admin = await asApp<{ n: number }>({ role: "admin", userId: "1" }, "SELECT count(*)::int AS n FROM job_run");
    expect(admin[0]!.n).toBe(total.rows[0]!.n);
    const planner = await asApp<{ n: number }>(
      { role: "planner", userId: "1" },
      "SELECT count(*)::int AS n FROM job_run",
    );
    expect(planner[0]!.n).toBe(0);
    const nobody = await asApp<{ n: number }>({}, "SELECT count(*)::int AS n FROM job_run");
    expect(nobody[0]!.n).toBe(0);
  });

  it("cannot be written by the app, not even by an admin, nor can the app take the jobs' role", async () => {
    await expect(
      asApp({ role: "admin", userId: "1" }, "INSERT INTO job_run (job_name, source) VALUES ('forged', 'once')"),
    ).rejects.toThrow(/permission denied for table job_run/);
    await expect(
      asApp({ role: "admin", userId: "1" }, "UPDATE job_run SET status = 'succeeded' WHERE status = 'failed'"),
    ).rejects.toThrow(/permission denied for table job_run/);
    await expect(asApp({ role: "admin", userId: "1" }, "SET ROLE wedding_jobs")).rejects.toThrow(
      /permission denied to set role "wedding_jobs"/,
    );
  });

  it("refuses rows that break its rules", async () => {
    await expect(db.pool.query("INSERT INTO job_run (job_name, source) VALUES ('Bad Name', 'once')")).rejects.toThrow(
      /job_run_job_name_check/,
    );
    await expect(
      db.pool.query("INSERT INTO job_run (job_name, source, status) VALUES ('ok-name', 'once', 'succeeded')"),
    ).rejects.toThrow(/job_run_finished/);
    await expect(
      db.pool.query("INSERT INTO job_run (job_name, source, error) VALUES ('ok-name', 'cron', NULL)"),
    ).rejects.toThrow(/job_run_source_check/);
  });
});
