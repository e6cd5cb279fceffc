import pg from "pg";
import { verifyAuditChain } from "@/lib/audit/verify";
import { hashPassword } from "@/lib/auth/password-hash";
import {
  createClosedDatabase,
  databaseExists,
  dropDatabaseNamed,
  openDatabase,
  withMaintenance,
} from "@/lib/backup/databases";
import { explainFailure, findPgTool, getServerMajor, PgToolError, spawnPgTool } from "@/lib/backup/pg-tools";
import { databaseName, withDatabase } from "@/lib/db/config";
import { createFaker } from "./fakes";
import { scrubCopy } from "./scrub";

// npm run db:anonymize -- --to NAME: a copy of the live database for
// development, with every personal value replaced by a consistent fake.
// pg_dump streams straight into pg_restore (the real data never touches a
// file), the copy is closed to everyone but its owner until it is scrubbed,
// and any failure drops it: a half-anonymized copy never survives.

/** Every account of a copy signs in with this password (README, docs/operations.md). */
export const ANONYMIZED_COPY_PASSWORD = "anonymized-copy";

/** The database comment that marks a copy, so --force only ever drops one of these. */
export const COPY_MARKER = "wedding-planner anonymized copy";

export class AnonymizeRefusedError extends Error {}

export type AnonymizeResult = {
  database: string;
  replaced: boolean;
  values: number;
  auditRows: number;
  logins: { role: string; email: string }[];
};

export type AnonymizeOptions = {
  ownerUrl: string;
  to: string;
  secret: Buffer;
  force?: boolean;
  log?: (line: string) => void;
};

async function commentOf(client: pg.ClientBase, name: string): Promise<string | null> {
  const { rows } = await client.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [name],
  );
  return rows[0]?.comment ?? null;
}

export async function anonymizeCopy(options: AnonymizeOptions): Promise<AnonymizeResult> {
  const log = options.log ?? (() => {});
  const live = databaseName(options.ownerUrl);
  if (options.to === live) {
    throw new AnonymizeRefusedError(
      `"${options.to}" is the live database. An anonymized copy needs a name of its own.`,
    );
  }
  const replaced = await withMaintenance(options.ownerUrl, async (client) => {
    if (!(await databaseExists(client, options.to))) return false;
    if (!options.force) {
      throw new AnonymizeRefusedError(
        `Database "${options.to}" already exists. Nothing was changed. Add --force to rebuild it.`,
      );
    }
    if (!(await commentOf(client, options.to))?.startsWith(COPY_MARKER)) {
      throw new AnonymizeRefusedError(
        `Database "${options.to}" was not made by db:anonymize, so --force will not drop it. Choose another name.`,
      );
    }
    await dropDatabaseNamed(client, options.to);
    return true;
  });

  const copyUrl = withDatabase(options.ownerUrl, options.to);
  await withMaintenance(options.ownerUrl, (client) => createClosedDatabase(client, options.to));
  // From here on the copy is ours, and may hold real personal data until the end.
  try {
    log(`Copying "${live}" into "${options.to}" ...`);
    await copyDatabase(options.ownerUrl, copyUrl, log);
    log("Replacing personal data ...");
    const devPasswordHash = await hashPassword(ANONYMIZED_COPY_PASSWORD);
    const client = new pg.Client({ connectionString: copyUrl, application_name: "wedding-planner-anonymize" });
    await client.connect();
    try {
      const scrub = await scrubCopy(client, { fake: createFaker(options.secret), devPasswordHash });
      const audit = await verifyAuditChain(client);
      if (!audit.ok)
        throw new Error(`The copy's recomputed audit chain does not verify (log_id ${audit.firstBroken?.logId}).`);
      const logins = await client.query<{ role: string; email: string }>(
        `SELECT DISTINCT ON (role) role::text AS role, email FROM users
         WHERE password_hash IS NOT NULL AND disabled_at IS NULL AND role <> 'guest' ORDER BY role, user_id`,
      );
      await withMaintenance(options.ownerUrl, async (admin) => {
        await admin.query(
          `COMMENT ON DATABASE ${admin.escapeIdentifier(options.to)} IS ${admin.escapeLiteral(
            `${COPY_MARKER} of ${live}, made ${new Date().toISOString()}`,
          )}`,
        );
        await openDatabase(admin, options.to);
      });
      return { database: options.to, replaced, ...scrub, logins: logins.rows };
    } finally {
      await client.end();
    }
  } catch (error) {
    await withMaintenance(options.ownerUrl, (client) => dropDatabaseNamed(client, options.to));
    throw error;
  }
}

/** pg_dump of the live database piped into pg_restore of the copy. */
async function copyDatabase(ownerUrl: string, copyUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const { major, matviews } = await (async () => {
    const found = await client.query<{ name: string }>(
      "SELECT format('%I.%I', schemaname, matviewname) AS name FROM pg_matviews WHERE schemaname = 'public'",
    );
    return { major: await getServerMajor(client), matviews: found.rows.map((row) => row.name) };
  })().finally(() => client.end());
  const dumpTool = await findPgTool("pg_dump", major, { warn: log });
  const restoreTool = await findPgTool("pg_restore", major, { warn: log });
  // Materialized views travel without their data: pg_restore refreshes them
  // with row_security off, which their owner's RLS policies refuse. The scrub
  // refreshes them afterwards, from the fakes (restore-backup.ts does the same).
  const dump = spawnPgTool(
    dumpTool,
    ["--format=custom", "--no-password", ...matviews.map((name) => `--exclude-table-data=${name}`)],
    ownerUrl,
    { stdout: "pipe" },
  );
  const restore = spawnPgTool(
    restoreTool,
    ["--exit-on-error", "--no-password", `--dbname=${databaseName(copyUrl)}`],
    copyUrl,
    { stdin: "pipe" },
  );
  // If pg_restore stops early, pg_dump's writes fail with EPIPE; its exit code tells.
  restore.child.stdin?.on("error", () => {});
  dump.child.stdout?.pipe(restore.child.stdin!);
  const [dumped, restored] = await Promise.all([dump.done, restore.done]);
  if (dumped.code !== 0) throw new PgToolError(explainFailure("pg_dump", dumped.stderr));
  if (restored.code !== 0) throw new PgToolError(explainFailure("pg_restore", restored.stderr));
}
