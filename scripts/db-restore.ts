import { z } from "zod";
import { ChecksumError } from "@/lib/backup/checksum";
import { ZDatabaseName } from "@/lib/backup/databases";
import { ManifestError } from "@/lib/backup/manifest";
import { PgToolError } from "@/lib/backup/pg-tools";
import { restoreBackup, RestoreRefusedError } from "@/lib/backup/restore-backup";
import { ensureDatabase } from "@/lib/db/server";
import { fail, parseCli, runMain } from "./cli";

// npm run db:restore -- FILE [--to NAME] [--force]: restores a db:backup file
// into a new database on the same server, after checking its checksums, and
// compares the result with the backup's manifest. See lib/backup/restore-backup.ts
// for what --force does (and does not) do.

const USAGE = "Usage: npm run db:restore -- FILE [--to NAME] [--force]";

const ZRestoreArgsSchema = z
  .object({
    positionals: z
      .array(z.string().min(1, "Name the backup file."))
      .length(1, "Name exactly one backup file (a .dump written by npm run db:backup)."),
    to: ZDatabaseName.optional(),
    force: z.boolean().default(false),
  })
  .strict();

async function main(argv: string[]) {
  const args = parseCli(argv, {
    flags: { to: { type: "string" }, force: { type: "boolean" } },
    schema: ZRestoreArgsSchema,
    usage: USAGE,
  });
  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    const result = await restoreBackup({
      ownerUrl: db.ownerUrl,
      file: args.positionals[0]!,
      to: args.to,
      force: args.force,
      log: (line) => console.error(line),
    });
    if (result.comparison) console.log(result.comparison.lines.join("\n"));
    if (result.comparison && result.comparison.differences.length > 0) {
      fail(
        `Restored into "${result.database}", but it does NOT match the backup's manifest. It was left there for inspection.`,
      );
    }
    console.log(`\nRestored into database "${result.database}".`);
    if (result.keptAs) {
      console.log(
        `The database that had this name before is kept as "${result.keptAs}"; drop it once you are satisfied.`,
      );
    }
    if (result.replacedLive)
      console.log("It is the live database: the app's connections were closed and reconnect to the restored one.");
    if (!result.comparison)
      console.log(
        `No manifest to compare with: run npm run db:verify-restore -- --source NAME --target ${result.database}.`,
      );
  } catch (error) {
    if (
      error instanceof RestoreRefusedError ||
      error instanceof ChecksumError ||
      error instanceof ManifestError ||
      error instanceof PgToolError
    ) {
      fail(error.message);
    }
    throw error;
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
