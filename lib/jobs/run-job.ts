import type pg from "pg";
import { recordJobOutcome } from "@/lib/metrics/registry";
import { asJobsRole, utcDay, type JobDefinition, type JobResult } from "./definitions";
import { redactError } from "./redact";

// The wrapper every job runs in, whether the queue or `npm run jobs:once`
// starts it. It takes the job's advisory lock, records the run in job_run
// (start, then outcome) and never lets an exception escape without a record.
//
// Report section 4.3: the lock is pg_try_advisory_xact_lock, held by a
// transaction on a connection of its own for as long as the job runs. A
// transaction-level lock cannot outlive its holder: if the process dies, the
// connection closes and the lock is gone. A session lock (pg_try_advisory_lock)
// on a pooled connection would stay with the connection after the job.

export type JobSource = "queue" | "once";
export type JobStatus = "succeeded" | "failed" | "skipped";

export type JobOutcome = {
  job: string;
  status: JobStatus;
  /** job_run.job_run_id, as text (bigint). */
  runId: string;
  durationMs: number;
  result?: JobResult;
  error?: string;
};

export type RunJobOptions = {
  source: JobSource;
  /** 1 for the first attempt; the queue counts its retries. */
  attempt?: number;
  /** YYYY-MM-DD; today in UTC unless a test says otherwise. */
  today?: string;
  log?: (line: string) => void;
};

/** First key of the jobs' two-key advisory locks; the second is hashtext(job name). */
export const JOB_LOCK_NAMESPACE = 520_005;

const ABANDONED = "Abandoned: the process running it stopped before it finished.";

export async function runJob(pool: pg.Pool, job: JobDefinition, options: RunJobOptions): Promise<JobOutcome> {
  const attempt = options.attempt ?? 1;
  const lock = await pool.connect();
  try {
    await lock.query("BEGIN");
    // The lock's transaction idles while the job works on other connections.
    await lock.query("SELECT set_config('idle_in_transaction_session_timeout', '0', true)");
    const { rows } = await lock.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked",
      [JOB_LOCK_NAMESPACE, job.name],
    );
    // A parameterised query keeps its portal, and with it a snapshot, until
    // the next statement. A plain statement closes it, so this idle
    // transaction holds back nobody (CREATE INDEX CONCURRENTLY waits for
    // every older snapshot, this job's own included).
    await lock.query("SELECT 'locked'");
    if (!rows[0]?.locked) {
      const runId = await recordSkipped(pool, job.name, options.source, attempt);
      return { job: job.name, status: "skipped", runId, durationMs: 0 };
    }

    const runId = await recordStart(pool, job.name, options.source, attempt);
    let outcome: { status: "succeeded"; result: JobResult } | { status: "failed"; error: string };
    try {
      const result = await job.run({
        pool,
        today: options.today ?? utcDay(new Date()),
        log: options.log ?? (() => {}),
      });
      outcome = { status: "succeeded", result };
    } catch (error) {
      outcome = { status: "failed", error: redactError(error) };
    }
    const durationMs = await recordFinish(pool, runId, outcome);
    recordJobOutcome(job.name, outcome.status === "succeeded");
    return { job: job.name, runId, durationMs, ...outcome };
  } finally {
    await lock.query("COMMIT").catch(() => {});
    lock.release();
  }
}

async function recordSkipped(pool: pg.Pool, jobName: string, source: JobSource, attempt: number): Promise<string> {
  return asJobsRole(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO job_run (job_name, source, attempt, status, started_at, finished_at, duration_ms, result)
       VALUES ($1, $2, $3, 'skipped', clock_timestamp(), clock_timestamp(), 0,
               jsonb_build_object('reason', 'Another run of this job was in progress.'))
       RETURNING job_run_id::text AS id`,
      [jobName, source, attempt],
    );
    return rows[0]!.id;
  });
}

async function recordStart(pool: pg.Pool, jobName: string, source: JobSource, attempt: number): Promise<string> {
  return asJobsRole(pool, async (client) => {
    // Holding the lock proves that no run still marked 'running' is alive.
    await client.query(
      `UPDATE job_run SET status = 'failed', finished_at = greatest(clock_timestamp(), started_at),
              duration_ms = greatest(0, (extract(epoch FROM clock_timestamp() - started_at) * 1000)::integer),
              error = $2
        WHERE job_name = $1 AND status = 'running'`,
      [jobName, ABANDONED],
    );
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO job_run (job_name, source, attempt, started_at) VALUES ($1, $2, $3, clock_timestamp())
       RETURNING job_run_id::text AS id`,
      [jobName, source, attempt],
    );
    return rows[0]!.id;
  });
}

async function recordFinish(
  pool: pg.Pool,
  runId: string,
  outcome: { status: "succeeded"; result: JobResult } | { status: "failed"; error: string },
): Promise<number> {
  return asJobsRole(pool, async (client) => {
    const { rows } = await client.query<{ duration_ms: number }>(
      `UPDATE job_run SET status = $2, finished_at = greatest(clock_timestamp(), started_at),
              duration_ms = greatest(0, (extract(epoch FROM clock_timestamp() - started_at) * 1000)::integer),
              error = $3, result = $4::jsonb
        WHERE job_run_id = $1::bigint
       RETURNING duration_ms`,
      [
        runId,
        outcome.status,
        outcome.status === "failed" ? outcome.error : null,
        outcome.status === "succeeded" ? JSON.stringify(outcome.result) : null,
      ],
    );
    return rows[0]?.duration_ms ?? 0;
  });
}
