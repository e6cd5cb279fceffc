import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseName } from "@/lib/db/config";
import { checksumFileFor, writeChecksums } from "./checksum";
import { readInventory } from "./inventory";
import { MANIFEST_FORMAT, manifestFileFor, writeManifest, type TManifest } from "./manifest";
import { findPgTool, getServerMajor, spawnPgTool, explainFailure, PgToolError } from "./pg-tools";

// One backup: <database>_<UTC time>.dump (pg_dump's custom format), its
// manifest, and a .sha256 naming both. The dump and the manifest come from
// one snapshot: this process exports it and pg_dump imports it (--snapshot),
// so every transaction committed before the backup started is in both, and
// nothing committed later is in either.

export type BackupResult = {
  dumpFile: string;
  manifestFile: string;
  checksumFile: string;
  manifest: TManifest;
  bytes: number;
};

export type BackupOptions = {
  ownerUrl: string;
  outDir: string;
  now?: Date;
  log?: (line: string) => void;
};

/** 2026-11-27T10:15:00.123Z → 20261127T101500Z */
export function backupStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

export function backupBaseName(database: string, now: Date): string {
  return `${database}_${backupStamp(now)}`;
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const database = databaseName(options.ownerUrl);
  // The dump holds every person's data: only its owner may read it.
  fs.mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const dumpFile = path.resolve(options.outDir, `${backupBaseName(database, now)}.dump`);
  const manifestFile = manifestFileFor(dumpFile);
  const checksumFile = checksumFileFor(dumpFile);
  for (const file of [dumpFile, manifestFile, checksumFile]) {
    if (fs.existsSync(file)) throw new PgToolError(`${file} already exists; a backup never overwrites another.`);
  }
  const partial = `${dumpFile}.partial`;

  const client = new pg.Client({ connectionString: options.ownerUrl, application_name: "wedding-planner-backup" });
  await client.connect();
  try {
    const tool = await findPgTool("pg_dump", await getServerMajor(client), { warn: log });
    log(`Using ${tool.path}: ${tool.version}.`);
    const serverVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!
      .v;

    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const snapshot = (await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
    const inventory = await readInventory(client);
    const { done } = spawnPgTool(
      tool,
      ["--format=custom", `--file=${partial}`, `--snapshot=${snapshot}`, "--no-password"],
      options.ownerUrl,
    );
    const run = await done;
    // pg_dump held the snapshot it imported until it finished; ours may go now.
    await client.query("ROLLBACK");
    if (run.code !== 0) throw new PgToolError(explainFailure("pg_dump", run.stderr));
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, dumpFile);

    const manifest: TManifest = {
      format: MANIFEST_FORMAT,
      database,
      createdAt: now.toISOString(),
      serverVersion,
      tool: tool.version,
      dumpFile: path.basename(dumpFile),
      inventory,
    };
    writeManifest(manifestFile, manifest);
    await writeChecksums(checksumFile, [dumpFile, manifestFile]);
    return { dumpFile, manifestFile, checksumFile, manifest, bytes: fs.statSync(dumpFile).size };
  } finally {
    fs.rmSync(partial, { force: true });
    await client.end();
  }
}
