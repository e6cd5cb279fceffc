import path from "node:path";
import { z } from "zod";
import { ChecksumError } from "@/lib/backup/checksum";
import { ZDatabaseName } from "@/lib/backup/databases";
import { verifyRestore, VerifyRestoreError, type TRestoreSource } from "@/lib/backup/verify-restore";
import { ensureDatabase } from "@/lib/db/server";
import { fail, parseCli, runMain } from "./cli";

// npm run db:verify-restore -- --source NAME|FILE --target NAME: compares the
// exact row count of every table, the migration history and the audit chain
// of a restored database with its source, prints the report, and exits 1 on
// any difference.

const USAGE =
  "Usage: npm run db:verify-restore -- --source NAME|FILE --target NAME\n" +
  "  --source  the database the backup was taken from, or the backup file (.dump) itself\n" +
  "  --target  the restored database";

// A name is a database on this server; anything with a dot or a slash is a backup file.
const ZSource = z
  .string({ error: "Required: the source database or backup file." })
  .min(1, "Name the source database or backup file.")
  .transform((value): TRestoreSource =>
    /[./]/.test(value) ? { kind: "file", file: path.resolve(value) } : { kind: "database", name: value },
  )
  .superRefine((source, ctx) => {
    if (source.kind === "database" && !ZDatabaseName.safeParse(source.name).success) {
      ctx.addIssue({
        code: "custom",
        message: "Not a database name (lower-case letters, digits, underscores) nor a .dump file.",
      });
    }
  });

const ZVerifyArgsSchema = z
  .object({
    source: ZSource,
    target: z.string({ error: "Required: the restored database." }).pipe(ZDatabaseName),
    positionals: z.array(z.string()).max(0, "Use --source and --target; there are no other arguments."),
  })
  .strict();

async function main(argv: string[]) {
  const args = parseCli(argv, {
    flags: { source: { type: "string" }, target: { type: "string" } },
    schema: ZVerifyArgsSchema,
    usage: USAGE,
  });
  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    const report = await verifyRestore({ ownerUrl: db.ownerUrl, source: args.source, target: args.target });
    console.log(report.lines.join("\n"));
    if (report.differences.length > 0) fail("The restore does NOT match its source.");
  } catch (error) {
    if (error instanceof VerifyRestoreError || error instanceof ChecksumError) fail(error.message);
    throw error;
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
