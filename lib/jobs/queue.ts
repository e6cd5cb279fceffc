import pg from "pg";
import PgBoss from "pg-boss";
import type { JobDefinition } from "./definitions";
import { redactError } from "./redact";
import { JOBS } from "./registry";
import { runJob } from "./run-job";

// The job queue: pg-boss on the owner's connection, started by `npm start`
// and `npm run dev` beside the app (scripts/start.ts), never inside the web
// server, which holds only the app role's credentials. pg-boss keeps its
// tables in the pgboss schema and creates or upgrades them itself when it
// starts, from SQL shipped in the package: no download, no migration of ours.
//
// Each job has a queue of its own with the 'singleton' policy: pg-boss lets at
// most one job of a queue be active at a time (a unique index on its job
// table), across every process that works the queue. The cron schedule sends
// one job per tick, and a failed job is retried with exponential back-off.
// runJob adds the advisory lock, which also covers `npm run jobs:once`.

export type JobQueue = {
  boss: PgBoss;
  /** Stops fetching, waits for running jobs (up to 20 s), closes the connections. */
  stop: () => Promise<void>;
};

export type JobQueueOptions = {
  jobs?: readonly JobDefinition[];
  log?: (line: string) => void;
  /** Queue every job once at start, so a fresh database gets its view and partitions now. */
  runAtStart?: boolean;
  /** Register the cron schedules (tests turn this off). */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
};

export async function startJobQueue(ownerUrl: string, options: JobQueueOptions = {}): Promise<JobQueue> {
  const jobs = options.jobs ?? JOBS;
  const log = options.log ?? ((line: string) => console.log(line));
  // Per running job: the lock's connection, plus one for its work or its history.
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 6, application_name: "wedding-jobs" });
  const boss = new PgBoss({
    connectionString: ownerUrl,
    max: 4,
    application_name: "wedding-jobs-queue",
    schema: "pgboss",
    schedule: options.schedule ?? true,
  });
  boss.on("error", (error) => log(`job queue: ${redactError(error)}`));
  try {
    await boss.start();
    for (const job of jobs) {
      const queue: PgBoss.Queue = {
        name: job.name,
        policy: "singleton",
        retryLimit: job.retryLimit,
        retryDelay: job.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds,
      };
      await boss.createQueue(job.name, queue);
      await boss.updateQueue(job.name, queue);
      if (options.schedule ?? true) await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
      await boss.work(
        job.name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async ([queued]) => {
          if (!queued) return null;
          const outcome = await runJob(pool, job, { source: "queue", attempt: queued.retryCount + 1, log });
          if (outcome.status !== "succeeded") {
            log(
              `${job.name}: ${outcome.status}${outcome.error ? ` (attempt ${queued.retryCount + 1}): ${outcome.error}` : ""}`,
            );
          }
          // Throwing hands the job back to pg-boss, which retries it later.
          if (outcome.status === "failed") throw new Error(outcome.error);
          return { status: outcome.status, runId: outcome.runId };
        },
      );
      if (options.runAtStart) await boss.send(job.name, {});
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: true, timeout: 1000 }).catch(() => {});
    await pool.end().catch(() => {});
    throw error;
  }
  return {
    boss,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
      await pool.end();
    },
  };
}
