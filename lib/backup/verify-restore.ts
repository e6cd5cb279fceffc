import path from "node:path";
import pg from "pg";
import { verifyAuditChain, type AuditVerification } from "@/lib/audit/verify";
import { withDatabase } from "@/lib/db/config";
import { verifyChecksums } from "./checksum";
import { compareInventories, type TRestoreComparison } from "./compare";
import { databaseExists, withMaintenance } from "./databases";
import { readInventorySnapshot, type TInventory } from "./inventory";
import { ManifestError, readManifest } from "./manifest";

// npm run db:verify-restore: a restored database against its source, which is
// either a backup file (its manifest, read in pg_dump's snapshot) or another
// database on the same server (read now: it must be quiet to match).

export type TRestoreSource = { kind: "file"; file: string } | { kind: "database"; name: string };

export class VerifyRestoreError extends Error {}

export type DatabaseState = { inventory: TInventory; audit: AuditVerification | null };

/** Inventory and audit-chain check of one database, as its owner. */
export async function inspectDatabase(url: string): Promise<DatabaseState> {
  const client = new pg.Client({ connectionString: url, application_name: "wedding-planner-verify-restore" });
  await client.connect();
  try {
    const inventory = await readInventorySnapshot(client);
    const hasAudit = (await client.query<{ t: string | null }>("SELECT to_regclass('public.audit_log')::text AS t"))
      .rows[0]?.t;
    return { inventory, audit: hasAudit ? await verifyAuditChain(client) : null };
  } finally {
    await client.end();
  }
}

async function assertDatabaseExists(ownerUrl: string, name: string): Promise<void> {
  if (!(await withMaintenance(ownerUrl, (client) => databaseExists(client, name)))) {
    throw new VerifyRestoreError(`There is no database "${name}" on this server.`);
  }
}

/** The source's inventory and a label for the report. */
export async function readSource(
  ownerUrl: string,
  source: TRestoreSource,
): Promise<{ inventory: TInventory; label: string }> {
  if (source.kind === "database") {
    await assertDatabaseExists(ownerUrl, source.name);
    const { inventory } = await inspectDatabase(withDatabase(ownerUrl, source.name));
    return { inventory, label: `database ${source.name} (read now)` };
  }
  await verifyChecksums(source.file);
  let manifest;
  try {
    manifest = readManifest(source.file);
  } catch (error) {
    if (error instanceof ManifestError) throw new VerifyRestoreError(error.message);
    throw error;
  }
  if (!manifest) {
    throw new VerifyRestoreError(
      `${path.basename(source.file)} has no manifest beside it (it was not made by npm run db:backup). ` +
        "Compare with the source database instead: --source NAME.",
    );
  }
  return {
    inventory: manifest.inventory,
    label: `backup ${path.basename(source.file)} (database ${manifest.database} at ${manifest.createdAt}, checksums verified)`,
  };
}

export async function verifyRestore(options: {
  ownerUrl: string;
  source: TRestoreSource;
  target: string;
}): Promise<TRestoreComparison> {
  const source = await readSource(options.ownerUrl, options.source);
  await assertDatabaseExists(options.ownerUrl, options.target);
  const target = await inspectDatabase(withDatabase(options.ownerUrl, options.target));
  return compareInventories(source.inventory, target.inventory, target.audit, {
    source: source.label,
    target: `database ${options.target}`,
  });
}
