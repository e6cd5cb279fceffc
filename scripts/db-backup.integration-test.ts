import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeChecksums } from "@/lib/backup/checksum";
import { restoreBackup } from "@/lib/backup/restore-backup";
import { withDatabase } from "@/lib/db/config";
import { dropDatabase } from "@/lib/db/server";
import { seedDemoData } from "@/lib/seed/demo-data";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// The backup round trip as an operator runs it (separate processes, pointed at
// a throwaway database through DATABASE_URL): db:backup, sha256sum -c,
// db:restore into a new database, db:verify-restore; the refusals; the
// --force swap; and the restore drill: every write acknowledged before the
// backup started is in the restore, and the restore is one point in time.

const TSX = path.resolve("node_modules/.bin/tsx");

type Run = { code: number; stdout: string; stderr: string };

function run(script: string, args: string[], options: { cwd?: string; bin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const [file, argv] = options.bin ? [options.bin, args] : [TSX, [path.resolve("scripts", script), ...args]];
    execFile(
      file,
      argv,
      {
        cwd: options.cwd,
        env: { ...process.env, DATABASE_URL: db.url, APP_DATABASE_URL: db.appUrl },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let db: TestDatabase;
let outDir: string;
let dumpFile: string;
const restored = () => `${db.name}_restored`;

type Ack = { name: string; at: number };

/** Inserts clients one after another, each in its own committed transaction, until stopped. */
function startWriter(plannerId: number, prefix: string) {
  const acks: Ack[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const name = `${prefix}-${String(i).padStart(5, "0")}`;
      await db.pool.query("INSERT INTO client (planner_id, name) VALUES ($1, $2)", [plannerId, name]);
      acks.push({ name, at: Date.now() });
    }
  })();
  return {
    acks,
    waitFor: async (count: number) => {
      while (acks.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop: async () => {
      stopped = true;
      await loop;
      return acks;
    },
  };
}

async function namesIn(database: string, pattern: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: withDatabase(db.url, database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT name FROM client WHERE name LIKE $1", [pattern]);
    return new Set(rows.map((row) => row.name));
  } finally {
    await client.end();
  }
}

/** This file's databases: other test files create and drop theirs on the same cluster meanwhile. */
async function databaseNames(): Promise<string[]> {
  const { rows } = await db.pool.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1",
    [db.name],
  );
  return rows.map((row) => row.datname);
}

let plannerId: number;
let before: string[];
let acks: Ack[];
let backupStartedAt: number;
let afterRows: string[];
let backupRun: Run;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-backup-test-"));
  plannerId = (await db.pool.query<{ id: number }>("SELECT min(planner_id) AS id FROM planner")).rows[0]!.id;

  before = Array.from({ length: 20 }, (_, i) => `drill-before-${i}`);
  for (const name of before)
    await db.pool.query("INSERT INTO client (planner_id, name) VALUES ($1, $2)", [plannerId, name]);

  // Writes keep coming while the backup runs, and after it.
  const writer = startWriter(plannerId, "drill-during");
  await writer.waitFor(5);
  backupStartedAt = Date.now();
  backupRun = await run("db-backup.ts", ["--out", outDir]);
  const ackedByEnd = writer.acks.length;
  await writer.waitFor(ackedByEnd + 3);
  acks = await writer.stop();
  afterRows = ["drill-after-0", "drill-after-1"];
  for (const name of afterRows)
    await db.pool.query("INSERT INTO client (planner_id, name) VALUES ($1, $2)", [plannerId, name]);
  dumpFile = path.join(outDir, fs.readdirSync(outDir).find((f) => f.endsWith(".dump")) ?? "missing.dump");
});

afterAll(async () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  for (const name of await databaseNames().catch(() => [])) {
    if (db && name.startsWith(`${db.name}_`)) await dropDatabase(admin, name);
  }
  await db?.drop();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

describe("npm run db:backup", () => {
  it("writes a custom-format dump, its manifest and a sha256sum file, readable only by their owner", async () => {
    expect(backupRun.stderr).not.toMatch(/error/i);
    expect(backupRun.code).toBe(0);
    const base = path.basename(dumpFile, ".dump");
    expect(base).toMatch(new RegExp(`^${db.name}_\\d{8}T\\d{6}Z$`));
    expect(fs.readdirSync(outDir).sort()).toEqual([`${base}.dump`, `${base}.dump.sha256`, `${base}.manifest.json`]);
    expect(backupRun.stdout).toContain(`Backup written: `);
    expect(fs.readFileSync(dumpFile).subarray(0, 5).toString()).toBe("PGDMP");
    for (const file of fs.readdirSync(outDir)) expect(fs.statSync(path.join(outDir, file)).mode & 0o777).toBe(0o600);
    // The standard tool accepts the checksum file as it is.
    const check = await run("", ["-c", `${base}.dump.sha256`], { cwd: outDir, bin: "sha256sum" });
    expect(check.stdout).toBe(`${base}.dump: OK\n${base}.manifest.json: OK\n`);
    // The password travels in the environment, never in output or arguments.
    const password = decodeURIComponent(new URL(db.url).password);
    expect(backupRun.stdout + backupRun.stderr).not.toContain(password);
  });

  it("refuses an --out that is a file before touching anything (flag parsing: scripts/cli.test.ts)", async () => {
    const bad = await run("db-backup.ts", ["--out", dumpFile]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is a file, not a folder\.\nUsage: npm run db:backup/);
  });
});

describe("npm run db:restore and db:verify-restore", () => {
  let restore: Run;
  beforeAll(async () => {
    restore = await run("db-restore.ts", [dumpFile, "--to", restored()]);
  });

  it("restores into a new database that matches the backup's manifest", () => {
    expect(restore.stderr).toContain("Checksums verified");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/public\.payment_2026_\d\d\s+\d+\s+\d+/);
    expect(restore.stdout).toContain("RESULT: OK.");
    expect(restore.stdout).toContain(`Restored into database "${restored()}".`);
  });

  it("keeps every write acknowledged before the backup started, and is one point in time (restore drill)", async () => {
    const present = await namesIn(restored(), "drill-%");
    for (const name of before) expect(present.has(name), name).toBe(true);
    const ackedBeforeStart = acks.filter((ack) => ack.at <= backupStartedAt);
    expect(ackedBeforeStart.length).toBeGreaterThanOrEqual(5);
    for (const ack of ackedBeforeStart) expect(present.has(ack.name), ack.name).toBe(true);
    // Writes were sequential, so a consistent snapshot holds a prefix of them, and nothing from after the backup.
    const kept = acks.filter((ack) => present.has(ack.name)).map((ack) => ack.name);
    expect(kept).toEqual(acks.slice(0, kept.length).map((ack) => ack.name));
    expect(kept.length).toBeLessThan(acks.length);
    for (const name of afterRows) expect(present.has(name)).toBe(false);
  });

  it("verifies against the backup file even though the source has moved on since", async () => {
    const fromFile = await run("db-verify-restore.ts", ["--source", dumpFile, "--target", restored()]);
    expect(fromFile.code).toBe(0);
    const migrations = fs
      .readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory()).length;
    expect(fromFile.stdout).toContain(`Migrations: ${migrations} in both, names and checksums identical.`);
    expect(fromFile.stdout).toMatch(/Audit chain: verified in the target \(\d+ rows\)\./);
    expect(fromFile.stdout).toContain("RESULT: OK.");

    const fromLive = await run("db-verify-restore.ts", ["--source", db.name, "--target", restored()]);
    expect(fromLive.code).toBe(1);
    expect(fromLive.stdout).toMatch(/public\.client\s+\d+\s+\d+\s+DIFFERENT/);
    expect(fromLive.stdout).toMatch(/public\.audit_log\s+\d+\s+\d+\s+DIFFERENT/);
    expect(fromLive.stderr).toContain("The restore does NOT match its source.");
  });

  it("keeps ownership and grants: the app role sees exactly its rows through RLS", async () => {
    const owners = new pg.Client({ connectionString: withDatabase(db.url, restored()) });
    await owners.connect();
    const { rows } = await owners.query<{ proname: string; owner: string }>(
      "SELECT proname, proowner::regrole::text AS owner FROM pg_proc WHERE proname IN ('app_planner_id', 'auth_find_user') ORDER BY 1",
    );
    await owners.end();
    expect(rows).toEqual([
      { proname: "app_planner_id", owner: "wedding_rls" },
      { proname: "auth_find_user", owner: "wedding_rls" },
    ]);

    const planner = await db.pool.query<{ user_id: number; weddings: number }>(
      `SELECT u.user_id, (SELECT count(*)::int FROM wedding w WHERE w.planner_id = p.planner_id) AS weddings
       FROM users u JOIN planner p ON p.user_id = u.user_id WHERE u.email = 'planner1@demo.wedding'`,
    );
    const { user_id: userId, weddings } = planner.rows[0]!;
    expect(weddings).toBeGreaterThan(0);
    expect(weddings).toBeLessThan(20);

    // The app itself, as wedding_app on the restored database.
    process.env.APP_DATABASE_URL = withDatabase(db.appUrl, restored());
    const { listWeddingSummaries } = await import("@/lib/weddings/queries");
    const seen = await listWeddingSummaries({ kind: "user", userId, role: "planner" });
    expect(seen).toHaveLength(weddings);
    const { unsafeFindAccount } = await import("@/lib/auth/unsafe-queries");
    expect(await unsafeFindAccount("planner1@demo.wedding")).toMatchObject({ userId, role: "planner" });
    // The --force test below swaps this database away: its pool must not hold connections then.
    await (await import("@/lib/db/client")).getPrisma().$disconnect();

    const app = new pg.Client({ connectionString: withDatabase(db.appUrl, restored()) });
    await app.connect();
    try {
      expect((await app.query("SELECT count(*)::int AS n FROM wedding")).rows[0].n).toBe(0);
      await expect(app.query("SELECT count(*) FROM payment_2026_11")).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it("refuses to restore over an existing database, the live one included, without --force", async () => {
    const existing = await run("db-restore.ts", [dumpFile, "--to", restored()]);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain(`Database "${restored()}" already exists. Nothing was changed.`);
    // In process from here: no restore runs, and each run of the command costs seconds of start-up.
    await expect(restoreBackup({ ownerUrl: db.url, file: dumpFile, to: db.name })).rejects.toThrow(
      `Database "${db.name}" already exists and is the live database.`,
    );
    expect((await namesIn(db.name, "drill-after-%")).size).toBe(2);

    // A dump without a manifest cannot be checked before a swap, so --force refuses it.
    const dir = fs.mkdtempSync(path.join(outDir, "bare-"));
    const bare = path.join(dir, "bare.dump");
    fs.copyFileSync(dumpFile, bare);
    await writeChecksums(`${bare}.sha256`, [bare]);
    await expect(restoreBackup({ ownerUrl: db.url, file: bare, to: restored(), force: true })).rejects.toThrow(
      /has no manifest, so a restore of it cannot be checked before it replaces/,
    );
  });

  it("refuses a tampered backup and creates nothing", async () => {
    const dir = fs.mkdtempSync(path.join(outDir, "tampered-"));
    for (const file of fs.readdirSync(outDir).filter((f) => f.startsWith(db.name))) {
      fs.copyFileSync(path.join(outDir, file), path.join(dir, file));
    }
    const copy = path.join(dir, path.basename(dumpFile));
    const bytes = fs.readFileSync(copy);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(copy, bytes);
    const databasesBefore = await databaseNames();
    const tampered = await run("db-restore.ts", [copy, "--to", `${db.name}_tampered`]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`Checksum MISMATCH for ${path.basename(dumpFile)}`);
    expect(tampered.stderr).toContain("refusing to use it");
    expect(await databaseNames()).toEqual(databasesBefore);
  });

  it("with --force, restores beside the old database, checks it, then swaps and keeps the old one", async () => {
    const old = new pg.Client({ connectionString: withDatabase(db.url, restored()) });
    await old.connect();
    await old.query("INSERT INTO client (planner_id, name) VALUES ($1, 'marker-old')", [plannerId]);
    await old.end();

    const forced = await run("db-restore.ts", [dumpFile, "--to", restored(), "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("RESULT: OK.");
    const keptAs = /kept as "([a-z0-9_]+)"/.exec(forced.stdout)?.[1];
    expect(keptAs).toMatch(new RegExp(`^${restored()}_before_\\d{8}t\\d{6}z$`));
    expect((await namesIn(restored(), "marker-old")).size).toBe(0);
    expect((await namesIn(keptAs!, "marker-old")).size).toBe(1);
    expect((await databaseNames()).filter((name) => name.includes("_incoming_"))).toEqual([]);
  });
});
