import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "./config";
import { createDatabaseIfMissing, dropDatabase } from "./server";
import { listMigrations, migrate, MigrationError, prismaChecksum } from "./migrate";

const run = promisify(execFile);
const admin = () => process.env.TEST_PG_ADMIN_URL!;
const names: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `wp_mig_${Math.random().toString(36).slice(2, 10)}`;
  names.push(name);
  await createDatabaseIfMissing(admin(), name);
  return withDatabase(admin(), name);
}

function tempMigrations(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const name of names) await dropDatabase(admin(), name);
});

describe("the project's migrations", () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it("apply in order on an empty database and record Prisma's checksums", async () => {
    const result = await migrate(url, "prisma/migrations");
    const files = listMigrations("prisma/migrations");
    expect(result.applied).toEqual(files.map((m) => m.name));
    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      url,
      `SELECT migration_name, checksum, applied_steps_count, finished_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      files.map((m) => [m.name, prismaChecksum(fs.readFileSync(m.file, "utf8")), 1]),
    );
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("follow Prisma Migrate's folder layout", () => {
    for (const entry of fs.readdirSync("prisma/migrations", { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      expect(entry.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(fs.readdirSync(path.join("prisma/migrations", entry.name))).toEqual(["migration.sql"]);
    }
  });

  it("keep _prisma_migrations in the shape Prisma creates", async () => {
    const columns = await query<{ column_name: string; data_type: string }>(
      url,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
      "id:character varying",
      "checksum:character varying",
      "finished_at:timestamp with time zone",
      "migration_name:character varying",
      "logs:text",
      "rolled_back_at:timestamp with time zone",
      "started_at:timestamp with time zone",
      "applied_steps_count:integer",
    ]);
  });

  it("apply nothing the second time", async () => {
    const result = await migrate(url, "prisma/migrations");
    expect(result.applied).toEqual([]);
  });

  it("install pgcrypto and pg_trgm", async () => {
    const rows = await query<{ extname: string }>(url, `SELECT extname FROM pg_extension ORDER BY extname`);
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(["pg_trgm", "pgcrypto"]));
  });
});

describe("the migration runner", () => {
  it("rolls a failing migration back, names it and its failing statement, and records nothing", async () => {
    const url = await emptyDatabase();
    const dir = tempMigrations({
      "20260101000000_good": "CREATE TABLE good (id int);\n",
      "20260102000000_bad":
        "CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nALTER TABLE missing ADD COLUMN x int;\nCREATE TABLE never (id int);\n",
    });
    const error = await migrate(url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    const message = (error as MigrationError).message;
    expect(message).toContain("Migration 20260102000000_bad failed and was rolled back");
    expect(message).toContain('relation "missing" does not exist');
    expect((error as MigrationError).statement).toBe("ALTER TABLE missing ADD COLUMN x int;");
    expect(message).toContain("from line 3");
    const tables = await query<{ t: string | null; h: string | null }>(
      url,
      `SELECT to_regclass('half')::text AS t, to_regclass('good')::text AS h`,
    );
    expect(tables).toEqual([{ t: null, h: "good" }]);
    const history = await query<{ migration_name: string }>(url, `SELECT migration_name FROM _prisma_migrations`);
    expect(history.map((r) => r.migration_name)).toEqual(["20260101000000_good"]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const url = await emptyDatabase();
    const dir = tempMigrations({ "20260101000000_one": "CREATE TABLE one (id int);\n" });
    await migrate(url, dir);
    fs.writeFileSync(path.join(dir, "20260101000000_one", "migration.sql"), "CREATE TABLE one (id bigint);\n");
    fs.mkdirSync(path.join(dir, "20260102000000_two"));
    fs.writeFileSync(path.join(dir, "20260102000000_two", "migration.sql"), "CREATE TABLE two (id int);\n");
    await expect(migrate(url, dir)).rejects.toThrow(/Checksum mismatch: 20260101000000_one\/migration.sql was edited/);
    const rows = await query<{ t: string | null }>(url, `SELECT to_regclass('two')::text AS t`);
    expect(rows).toEqual([{ t: null }]);
  });

  it("accepts an applied migration whose line endings changed", async () => {
    const url = await emptyDatabase();
    const dir = tempMigrations({ "20260101000000_one": "CREATE TABLE one (id int);\nCREATE TABLE uno (id int);\n" });
    await migrate(url, dir);
    const file = path.join(dir, "20260101000000_one", "migration.sql");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
    await expect(migrate(url, dir)).resolves.toEqual({ applied: [], alreadyApplied: 1 });
  });

  it("exits non-zero from the command line, printing the migration and the statement", async () => {
    const url = await emptyDatabase();
    const dir = tempMigrations({ "20260101000000_bad": "CREATE TABLE ok (id int);\nSELECT 1/0;\n" });
    const error = (await run("npx", ["tsx", "scripts/db.ts", "migrate", "--dir", dir], {
      env: { ...process.env, DATABASE_URL: url },
    }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("Migration 20260101000000_bad failed and was rolled back: division by zero");
    expect(error.stderr).toContain("SELECT 1/0;");
  });
});
