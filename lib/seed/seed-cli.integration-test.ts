import { execFile } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { NOT_MIGRATED_MESSAGE } from "./assert-migrated";

// `npm run db:seed` as a person runs it: a separate process, pointed at a
// throwaway database through DATABASE_URL.

const TSX = path.resolve("node_modules/.bin/tsx");
const SEED = path.resolve("prisma/seed.ts");

type Run = { code: number; stdout: string; stderr: string };

function runSeed(url: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [SEED, ...args],
      { env: { ...process.env, DATABASE_URL: url }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let db: TestDatabase | undefined;

afterEach(async () => {
  await db?.drop();
  db = undefined;
});

async function countUsers(database: TestDatabase): Promise<string | undefined> {
  const { rows } = await database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM users`);
  return rows[0]?.n;
}

describe("prisma/seed.ts", () => {
  it("seeds, prints the demo logins, and says so when run again", async () => {
    db = await createTestDatabase();

    const first = await runSeed(db.url);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Demo data created");
    expect(first.stdout).toMatch(/planner1@demo\.wedding\s+demo-planner-1/);
    expect(first.stdout).toMatch(/admin@demo\.wedding\s+demo-admin-1/);

    const second = await runSeed(db.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already there; nothing changed");
  }, 60_000);

  it("refuses an unmigrated database and writes nothing", async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
    );

    const run = await runSeed(db.url);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(NOT_MIGRATED_MESSAGE);
    expect(await countUsers(db)).toBe("0");
  }, 60_000);

  it("rejects an unknown flag before touching the database", async () => {
    db = await createTestDatabase();

    const run = await runSeed(db.url, ["--force"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown option "--force".');
    expect(run.stderr).toContain("--reset");
    expect(await countUsers(db)).toBe("0");
  }, 60_000);
});
