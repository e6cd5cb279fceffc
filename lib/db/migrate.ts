import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations the way `prisma migrate deploy` does, because
// Prisma's schema engine cannot be downloaded here. History goes into Prisma's
// own _prisma_migrations table with Prisma's checksum (SHA-256 of the script,
// lowercase hex), so both tools accept the same database.

export type Migration = { name: string; file: string; sql: string; checksum: string };

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    readonly statement?: string,
  ) {
    super(message);
  }
}

export function prismaChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Prisma also accepts a script whose line endings git converted. */
export function checksumMatches(script: string, checksum: string): boolean {
  return [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")].some(
    (variant) => prismaChecksum(variant) === checksum,
  );
}

export function listMigrations(dir: string): Migration[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!fs.existsSync(file)) throw new MigrationError(`${name} has no migration.sql.`, name);
      const sql = fs.readFileSync(file, "utf8");
      return { name, file, sql, checksum: prismaChecksum(sql) };
    });
}

const HISTORY_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

type HistoryRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

/**
 * Splits a script into statements, knowing quotes, comments and dollar-quoted
 * bodies well enough to find the boundaries. Used only to name the statement
 * that failed; the script itself runs whole, as Prisma runs it.
 */
export function splitStatements(sql: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const text = raw.trim();
    const first = start + (raw.length - raw.trimStart().length);
    if (text.replace(/--[^\n]*/g, "").trim()) out.push({ text, start: first, end });
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === ch ? 2 : 1;
      i = j + 1;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? sql.length : end + tag.length;
      } else i++;
    } else if (ch === ";") {
      push(i + 1);
      start = i + 1;
      i++;
    } else i++;
  }
  push(sql.length);
  return out;
}

export async function migrate(
  databaseUrl: string,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<MigrateResult> {
  const migrations = listMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "migrate" });
  await client.connect();
  try {
    await client.query(HISTORY_DDL);
    // One migrator at a time: a second `db:migrate` waits instead of racing.
    await client.query("SELECT pg_advisory_lock(hashtext('wedding_planner.migrate'))");
    const { rows } = await client.query<HistoryRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const history = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const known = new Set(migrations.map((m) => m.name));

    for (const row of history.values()) {
      if (!row.finished_at) {
        throw new MigrationError(
          `Migration ${row.migration_name} was started but never finished. Fix the database by hand, then mark it rolled back.`,
          row.migration_name,
        );
      }
      if (!known.has(row.migration_name)) {
        log(`warning: ${row.migration_name} is applied in the database but missing from ${dir}.`);
      }
    }

    const applied: string[] = [];
    for (const migration of migrations) {
      const done = history.get(migration.name);
      if (done) {
        if (!checksumMatches(migration.sql, done.checksum)) {
          throw new MigrationError(
            `Checksum mismatch: ${migration.name}/migration.sql was edited after it was applied ` +
              `(database ${done.checksum.slice(0, 12)}…, file ${migration.checksum.slice(0, 12)}…). ` +
              `Applied migrations must not change; write a new migration instead.`,
            migration.name,
          );
        }
        continue;
      }
      await applyOne(client, migration);
      applied.push(migration.name);
      log(`applied ${migration.name}`);
    }
    return { applied, alreadyApplied: history.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
      [id, migration.checksum, migration.name],
    );
    // The whole script in one simple-protocol query, as Prisma sends it.
    await client.query(migration.sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
      id,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = (error as Error).message;
    const statement = await findFailingStatement(client, migration.sql);
    const line = statement ? migration.sql.slice(0, statement.start).split("\n").length : undefined;
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back: ${message}` +
        (statement ? `\nFailing statement (migration.sql, from line ${line}):\n${statement.text}` : ""),
      migration.name,
      statement?.text,
    );
  }
}

// Replays the script one statement at a time inside a transaction that is
// always rolled back, to name the statement that fails. PostgreSQL reports a
// character position for syntax errors only, not for most DDL errors.
async function findFailingStatement(client: pg.Client, sql: string) {
  const statements = splitStatements(sql);
  await client.query("BEGIN");
  try {
    for (const statement of statements) {
      try {
        await client.query(statement.text);
      } catch {
        return statement;
      }
    }
    return undefined;
  } finally {
    await client.query("ROLLBACK").catch(() => {});
  }
}

/** Names of applied migrations, newest last; empty when never migrated. */
export async function appliedMigrations(client: pg.Client | pg.Pool | pg.PoolClient): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.migration_name);
}
