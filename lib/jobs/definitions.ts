import type pg from "pg";

// What every background job is: a name, a schedule, a retry policy and a
// function. Jobs run on the owner's connection pool (they do DDL); work that
// reads every tenant's rows switches to the wedding_jobs role (asJobsRole).

export type JobContext = {
  /** The owner's pool. Partition and index DDL runs on it directly. */
  pool: pg.Pool;
  /** The day the job acts for, YYYY-MM-DD (UTC); tests pass another. */
  today: string;
  log: (line: string) => void;
};

/** A job's outcome as JSON: stored in job_run.result and printed by jobs:once. */
export type JobResult = Record<string, unknown>;

export type JobDefinition = {
  /** Lower-case words joined by hyphens; also the queue's name. */
  name: string;
  title: string;
  description: string;
  /** Five-field cron, UTC. */
  cron: string;
  /** In words, for the admin page. */
  schedule: string;
  retryLimit: number;
  /** Seconds before the first retry; each further retry waits about twice as long. */
  retryDelaySeconds: number;
  /** The queue fails a run that takes longer (and retries it). */
  expireInSeconds: number;
  run: (context: JobContext) => Promise<JobResult>;
};

/** Runs `fn` in a transaction as wedding_jobs, the role whose policies let jobs read every tenant. */
export async function asJobsRole<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL ROLE wedding_jobs");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `fn` in a transaction on the owner's connection, with a bound on lock waits. */
export async function inOwnerTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  lockTimeoutMs = 10_000,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('lock_timeout', $1, true)", [`${lockTimeoutMs}ms`]);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
