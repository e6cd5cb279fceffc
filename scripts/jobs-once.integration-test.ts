import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// `npm run jobs:once` as an operator runs it: a separate process pointed at a
// throwaway database through DATABASE_URL.

const TSX = path.resolve("node_modules/.bin/tsx");
const SCRIPT = path.resolve("scripts/jobs-once.ts");

type Run = { code: number; stdout: string; stderr: string };

function jobsOnce(args: string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, APP_DATABASE_URL: db.appUrl };
  return new Promise((resolve) => {
    execFile(TSX, [SCRIPT, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function runs(): Promise<string[]> {
  const { rows } = await db.pool.query<{ r: string }>(
    "SELECT job_name || ':' || source || ':' || status AS r FROM job_run ORDER BY job_run_id",
  );
  return rows.map((row) => row.r);
}

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe("npm run jobs:once", () => {
  it("runs every job once, prints each outcome and exits 0", async () => {
    const run = await jobsOnce();
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ partition-maintenance: succeeded in \d+ ms \(.*default partitions empty.*\)$/m);
    expect(run.stdout).toMatch(
      /^✓ refresh-monthly-revenue: succeeded in \d+ ms \(0 rows, refreshed concurrently in \d+ ms\)$/m,
    );
    expect(await runs()).toEqual(["partition-maintenance:once:succeeded", "refresh-monthly-revenue:once:succeeded"]);
  });

  it("exits 1 when a job fails, after running the others", async () => {
    await db.pool.query("DELETE FROM job_run");
    await db.pool.query("ALTER MATERIALIZED VIEW mv_monthly_revenue RENAME TO mv_monthly_revenue_hidden");
    try {
      const run = await jobsOnce();
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^✓ partition-maintenance: succeeded/m);
      expect(run.stdout).toMatch(
        /^✗ refresh-monthly-revenue: failed after \d+ ms: relation "mv_monthly_revenue" does not exist$/m,
      );
      expect(run.stderr).toContain("1 of 2 job(s) failed; see /admin/jobs for the history.");
      expect(await runs()).toEqual(["partition-maintenance:once:succeeded", "refresh-monthly-revenue:once:failed"]);
    } finally {
      await db.pool.query("ALTER MATERIALIZED VIEW mv_monthly_revenue_hidden RENAME TO mv_monthly_revenue");
    }
  });

  it("runs one job with --job, and refuses anything else", async () => {
    await db.pool.query("DELETE FROM job_run");
    const one = await jobsOnce(["--job", "refresh-monthly-revenue"]);
    expect(one.code).toBe(0);
    expect(await runs()).toEqual(["refresh-monthly-revenue:once:succeeded"]);

    for (const args of [
      ["--job", "drop-everything"],
      ["--job"],
      ["--verbose"],
      ["--job", "refresh-monthly-revenue", "x"],
    ]) {
      const bad = await jobsOnce(args);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("Usage: npm run jobs:once [-- --job partition-maintenance|refresh-monthly-revenue]");
    }
    expect(await runs()).toEqual(["refresh-monthly-revenue:once:succeeded"]);
  });
});
