import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { ensureDatabase } from "@/lib/db/server";
import { JOB_NAMES } from "@/lib/jobs/catalog";
import { JOBS } from "@/lib/jobs/registry";
import { runJob, type JobOutcome } from "@/lib/jobs/run-job";
import { summarizeJobResult } from "@/lib/jobs/schema";
import { assertMigrated, DatabaseNotMigratedError } from "@/lib/seed/assert-migrated";
import { fail, runMain } from "./cli";

// npm run jobs:once [-- --job NAME]: runs every background job (or one) a
// single time, now, through the same wrapper as the queue (advisory lock,
// job_run history), prints each outcome and exits 1 when one failed. A job
// that another process is running at that moment is reported as skipped.

const USAGE = `Usage: npm run jobs:once [-- --job ${JOB_NAMES.join("|")}]`;
const ZArgs = z.union([z.tuple([]), z.tuple([z.literal("--job"), z.enum(JOB_NAMES)])]);

export function formatOutcome(outcome: JobOutcome): string {
  if (outcome.status === "skipped") return `- ${outcome.job}: skipped, another run of it is in progress`;
  if (outcome.status === "failed") return `✗ ${outcome.job}: failed after ${outcome.durationMs} ms: ${outcome.error}`;
  const summary = summarizeJobResult(outcome.job, outcome.result);
  return `✓ ${outcome.job}: succeeded in ${outcome.durationMs} ms${summary ? ` (${summary})` : ""}`;
}

async function main(argv: string[]) {
  const args = ZArgs.safeParse(argv);
  if (!args.success) fail(`Unexpected arguments "${argv.join(" ")}". ${USAGE}`);
  const only = args.data[1];
  const jobs = only ? JOBS.filter((job) => job.name === only) : JOBS;

  const db = await ensureDatabase({ log: (line) => console.error(line) });
  const pool = new pg.Pool({ connectionString: db.ownerUrl, max: 4, application_name: "jobs-once" });
  try {
    await assertMigrated(pool, path.resolve("prisma/migrations")).catch((error: unknown) => {
      if (error instanceof DatabaseNotMigratedError) fail(error.message);
      throw error;
    });
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      const outcome = await runJob(pool, job, { source: "once", log: (line) => console.error(`  ${line}`) });
      console.log(formatOutcome(outcome));
      outcomes.push(outcome);
    }
    const failed = outcomes.filter((o) => o.status === "failed").length;
    if (failed > 0) fail(`${failed} of ${outcomes.length} job(s) failed; see /admin/jobs for the history.`);
  } finally {
    await pool.end();
    await db.stop();
  }
}

runMain(import.meta.url, main);
