import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// `npm run audit:verify` as an operator runs it: a separate process, pointed
// at a throwaway database through DATABASE_URL.

const TSX = path.resolve("node_modules/.bin/tsx");
const SCRIPT = path.resolve("scripts/audit-verify.ts");

type Run = { code: number; stdout: string; stderr: string };

function runVerify(url: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [SCRIPT, ...args],
      { env: { ...process.env, DATABASE_URL: url, APP_DATABASE_URL: "" }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const planner = await db.prisma.planner.create({
    data: { user: { create: { email: "pia@example.test", name: "Pia Planner", role: "planner" } } },
  });
  for (const name of ["Ana & Bo", "Cy & Di", "Ed & Fa"]) {
    await db.prisma.client.create({ data: { plannerId: planner.id, name } });
  }
});

afterAll(async () => {
  await db?.drop();
});

async function count(): Promise<number> {
  return Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log")).rows[0]!.n);
}

describe("scripts/audit-verify.ts", () => {
  it("exits 0 and says how many rows it verified", async () => {
    const rows = await count();
    expect(rows).toBe(5);
    const run = await runVerify(db.url);
    expect(run.stderr).not.toMatch(/BROKEN|error/i);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`Audit chain verified: ${rows} rows.`);
  }, 60_000);

  it("rejects an argument before touching the database", async () => {
    const run = await runVerify(db.url, ["--fix"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unexpected argument "--fix". Usage: npm run audit:verify');
  }, 60_000);

  it("exits 1 and names the log_id after tampering", async () => {
    const { rows } = await db.pool.query<{ log_id: string }>(
      "SELECT log_id FROM audit_log ORDER BY log_id OFFSET 2 LIMIT 1",
    );
    const target = rows[0]!.log_id;
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
      await client.query(`UPDATE audit_log SET new_values = '{"name": "Forged"}' WHERE log_id = $1`, [target]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const run = await runVerify(db.url);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("verified");
    expect(run.stderr).toContain(`Audit chain BROKEN at log_id ${target}: content changed`);
  }, 60_000);
});
