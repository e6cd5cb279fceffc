import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseName, withDatabase } from "@/lib/db/config";
import { verifyChecksums } from "./checksum";
import { compareInventories, type TRestoreComparison } from "./compare";
import { backupStamp } from "./create-backup";
import {
  createClosedDatabase,
  databaseExists,
  dropDatabaseNamed,
  openDatabase,
  suffixedName,
  swapDatabases,
  withMaintenance,
  ZDatabaseName,
} from "./databases";
import { findMissingRoles } from "./inventory";
import { readManifest } from "./manifest";
import {
  explainFailure,
  findPgTool,
  getServerMajor,
  PgToolError,
  runPgTool,
  spawnPgTool,
  type PgTool,
} from "./pg-tools";
import { inspectDatabase } from "./verify-restore";

// npm run db:restore -- FILE [--to NAME] [--force]
//
// The checksums are verified before anything else. The dump is restored into
// a database that does not exist yet, with ownership and grants as they were
// (the roles are the cluster's, so the SECURITY DEFINER lookups stay owned by
// wedding_rls and row-level security works as before), then checked against
// the manifest. An existing database is never written over: with --force the
// restore goes into a new database first, is checked, and only then takes the
// old one's name; the old one is kept under <name>_before_<time>.

export class RestoreRefusedError extends Error {}

export type RestoreResult = {
  database: string;
  /** With --force over an existing database: the name the old one now has. */
  keptAs: string | null;
  replacedLive: boolean;
  /** Null when the dump has no manifest to compare with. */
  comparison: TRestoreComparison | null;
};

export type RestoreOptions = {
  ownerUrl: string;
  file: string;
  to?: string;
  force?: boolean;
  log?: (line: string) => void;
};

/** backups/wedding_planner_20261127T101500Z.dump → wedding_planner_20261127t101500z */
export function defaultRestoreName(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.dump$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  const name = /^[a-z_]/.test(base) ? base : `r_${base}`;
  const parsed = ZDatabaseName.safeParse(name);
  if (!parsed.success) {
    throw new RestoreRefusedError(`Cannot name a database after ${path.basename(file)}. Choose one with --to NAME.`);
  }
  return name;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const file = path.resolve(options.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new RestoreRefusedError(`${options.file} is not a file.`);

  const checked = await verifyChecksums(file);
  log(`Checksums verified: ${checked.join(", ")}.`);
  const manifest = readManifest(file);
  if (!manifest)
    log(`note: ${path.basename(file)} has no manifest; the restore cannot be compared with its source here.`);

  const target = options.to ?? defaultRestoreName(file);
  const live = databaseName(options.ownerUrl);
  const exists = await withMaintenance(options.ownerUrl, async (client) => {
    const found = await databaseExists(client, target);
    if (found && !options.force) {
      throw new RestoreRefusedError(
        `Database "${target}" already exists${target === live ? " and is the live database" : ""}. ` +
          "Nothing was changed. Restore under another name (--to NAME), or add --force to replace it " +
          `(the restore is checked first, and the current "${target}" is kept under a new name).`,
      );
    }
    if (found && !manifest) {
      throw new RestoreRefusedError(
        `${path.basename(file)} has no manifest, so a restore of it cannot be checked before it replaces "${target}". ` +
          "Nothing was changed. Restore it under a new name, check it, and switch to it yourself.",
      );
    }
    const missing = manifest ? await findMissingRoles(client, manifest.inventory.roles) : [];
    if (missing.length > 0) {
      throw new RestoreRefusedError(
        `This server lacks the role(s) ${missing.join(", ")} that own or are granted objects in the backup. ` +
          "Roles belong to the server, not to a dump: create them first (npm run db:migrate on an empty " +
          "database creates the app's roles; see docs/operations.md).",
      );
    }
    return found;
  });

  const incoming = exists ? suffixedName(target, `_incoming_${randomBytes(3).toString("hex")}`) : target;
  const incomingUrl = withDatabase(options.ownerUrl, incoming);
  const tool = await withServerMajor(options.ownerUrl, (major) => findPgTool("pg_restore", major, { warn: log }));
  log(`Using ${tool.path}: ${tool.version}.`);

  await withMaintenance(options.ownerUrl, (client) => createClosedDatabase(client, incoming));
  let comparison: TRestoreComparison | null = null;
  try {
    log(`Restoring into "${incoming}" ...`);
    // Materialized views are filled afterwards, not by pg_restore: it restores
    // with row_security off, under which a view owner's refresh through
    // row-level-security policies is an error rather than a filter.
    const list = await restoreListWithoutViewData(tool, file, incomingUrl);
    try {
      await runPgTool(
        tool,
        ["--exit-on-error", "--no-password", `--dbname=${incoming}`, `--use-list=${list}`, file],
        incomingUrl,
      );
    } finally {
      fs.rmSync(path.dirname(list), { recursive: true, force: true });
    }
    await refreshMaterializedViews(incomingUrl);
    await withMaintenance(options.ownerUrl, (client) => openDatabase(client, incoming));
    if (manifest) {
      const restored = await inspectDatabase(incomingUrl);
      comparison = compareInventories(manifest.inventory, restored.inventory, restored.audit, {
        source: `backup ${path.basename(file)} (database ${manifest.database} at ${manifest.createdAt})`,
        target: `database ${incoming}`,
      });
    }
  } catch (error) {
    await withMaintenance(options.ownerUrl, (client) => dropDatabaseNamed(client, incoming));
    throw error;
  }

  if (!exists) return { database: target, keptAs: null, replacedLive: false, comparison };

  if (comparison && comparison.differences.length > 0) {
    await withMaintenance(options.ownerUrl, (client) => dropDatabaseNamed(client, incoming));
    throw new RestoreRefusedError(
      `${comparison.lines.join("\n")}\n\nThe restored copy does not match its backup, so "${target}" was NOT replaced.`,
    );
  }
  const keptAs = suffixedName(target, `_before_${backupStamp(new Date()).toLowerCase()}`);
  await withMaintenance(options.ownerUrl, (client) => swapDatabases(client, { name: target, incoming, aside: keptAs }));
  return { database: target, keptAs, replacedLive: target === live, comparison };
}

async function withServerMajor<T>(ownerUrl: string, fn: (major: number) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await fn(await getServerMajor(client));
  } finally {
    await client.end();
  }
}

/** pg_restore's table of contents for the file, less the materialized views' data. */
async function restoreListWithoutViewData(tool: PgTool, file: string, url: string): Promise<string> {
  const { child, done } = spawnPgTool(tool, ["--list", file], url, { stdout: "pipe" });
  let listing = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => (listing += chunk));
  const run = await done;
  if (run.code !== 0) throw new PgToolError(explainFailure(tool.name, run.stderr));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "restore-list-"));
  const list = path.join(dir, "toc.list");
  const kept = listing.split("\n").filter((line) => !/ MATERIALIZED VIEW DATA /.test(line));
  fs.writeFileSync(list, kept.join("\n"), { mode: 0o600 });
  return list;
}

/** Fills every materialized view of the restored database, as its owner, with row-level security on. */
export async function refreshMaterializedViews(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DO $$
      DECLARE v RECORD;
      BEGIN
        FOR v IN SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname = 'public' LOOP
          EXECUTE format('REFRESH MATERIALIZED VIEW %I.%I', v.schemaname, v.matviewname);
        END LOOP;
      END $$`);
  } finally {
    await client.end();
  }
}
