import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { createBackup } from "@/lib/backup/create-backup";
import { PgToolError } from "@/lib/backup/pg-tools";
import { ensureDatabase } from "@/lib/db/server";
import { fail, parseCli, runMain } from "./cli";

// npm run db:backup [-- --out DIR]: a pg_dump custom-format backup of the
// database in use (embedded, or DATABASE_URL), named with the UTC time, with
// a manifest and a .sha256 beside it. docs/operations.md has the schedule.

const USAGE = "Usage: npm run db:backup [-- --out DIR]   (default folder: backups/)";

const ZBackupArgsSchema = z
  .object({
    out: z
      .string()
      .trim()
      .min(1, "Name a folder.")
      .max(1024, "The folder name is too long.")
      .refine((dir) => !dir.includes("\0"), "The folder name contains a NUL byte.")
      .default("backups"),
    positionals: z.array(z.string()).max(0, "db:backup takes no arguments, only --out DIR."),
  })
  .strict();

function describeSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(argv: string[]) {
  const args = parseCli(argv, { flags: { out: { type: "string" } }, schema: ZBackupArgsSchema, usage: USAGE });
  const outDir = path.resolve(args.out);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory())
    fail(`--out: ${args.out} is a file, not a folder.\n${USAGE}`);

  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    const result = await createBackup({ ownerUrl: db.ownerUrl, outDir, log: (line) => console.error(line) });
    const tables = Object.keys(result.manifest.inventory.tables).length;
    const relative = (file: string) => path.relative(process.cwd(), file) || file;
    console.log(`Backup written: ${relative(result.dumpFile)} (${describeSize(result.bytes)})`);
    console.log(
      `  manifest: ${relative(result.manifestFile)} (row counts of ${tables} tables, in the dump's snapshot)`,
    );
    console.log(`  checksum: ${relative(result.checksumFile)}`);
    console.log(`Check it any time with: cd ${relative(outDir)} && sha256sum -c ${path.basename(result.checksumFile)}`);
  } catch (error) {
    if (error instanceof PgToolError) fail(error.message);
    throw error;
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
