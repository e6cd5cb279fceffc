import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { z } from "zod";
import { anonymizeCopy, AnonymizeRefusedError, ANONYMIZED_COPY_PASSWORD } from "@/lib/anonymize/anonymize-copy";
import { UnclassifiedColumnsError } from "@/lib/anonymize/scrub";
import { ZDatabaseName } from "@/lib/backup/databases";
import { PgToolError } from "@/lib/backup/pg-tools";
import { ensureDatabase } from "@/lib/db/server";
import { fail, parseCli, runMain } from "./cli";

// npm run db:anonymize -- --to NAME [--force]: a copy of the database in use
// with every personal value replaced by a consistent fake, for development.
// ANONYMIZE_SECRET (or ANONYMIZE_SECRET_FILE) keys the fakes; without it a
// random key makes this run's fakes unlike the last run's. The secret never
// goes on the command line, where `ps` would show it.

const USAGE = "Usage: npm run db:anonymize -- --to NAME [--force]   (--force rebuilds a copy this command made)";

const ZAnonymizeArgsSchema = z
  .object({
    to: z.string({ error: "Required: the name of the copy." }).pipe(ZDatabaseName),
    force: z.boolean().default(false),
    positionals: z.array(z.string()).max(0, "Use --to NAME; there are no other arguments."),
  })
  .strict();

const ZSecret = z.string().trim().min(16, "must be at least 16 characters.").max(4096, "is too long.");

function readSecret(env: NodeJS.ProcessEnv): { secret: Buffer; source: string } {
  const file = env.ANONYMIZE_SECRET_FILE?.trim();
  const raw = file
    ? fs.existsSync(file)
      ? fs.readFileSync(file, "utf8")
      : fail(`ANONYMIZE_SECRET_FILE: ${file} does not exist.`)
    : env.ANONYMIZE_SECRET;
  if (raw === undefined || raw === "")
    return {
      secret: randomBytes(32),
      source: "a random key (set ANONYMIZE_SECRET for fakes that stay the same from run to run)",
    };
  const parsed = ZSecret.safeParse(raw);
  if (!parsed.success)
    fail(`${file ? "ANONYMIZE_SECRET_FILE" : "ANONYMIZE_SECRET"} ${parsed.error.issues[0]!.message}`);
  return { secret: Buffer.from(parsed.data, "utf8"), source: file ? "ANONYMIZE_SECRET_FILE" : "ANONYMIZE_SECRET" };
}

async function main(argv: string[]) {
  const args = parseCli(argv, {
    flags: { to: { type: "string" }, force: { type: "boolean" } },
    schema: ZAnonymizeArgsSchema,
    usage: USAGE,
  });
  const { secret, source } = readSecret(process.env);
  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    console.error(`Fakes keyed by ${source}.`);
    const result = await anonymizeCopy({
      ownerUrl: db.ownerUrl,
      to: args.to,
      secret,
      force: args.force,
      log: (line) => console.error(line),
    });
    console.log(`Anonymized copy ready: database "${result.database}"${result.replaced ? " (rebuilt)" : ""}.`);
    console.log(
      `  ${result.values} distinct personal values replaced; ${result.auditRows} audit rows rewritten and re-chained.`,
    );
    console.log(
      `  Every account signs in with the password "${ANONYMIZED_COPY_PASSWORD}" (two-factor sign-in is reset). For example:`,
    );
    for (const login of result.logins) console.log(`    ${login.role.padEnd(8)} ${login.email}`);
    console.log(
      `  Point the app at it: EMBEDDED_PG_DATABASE=${result.database} npm run dev (or a DATABASE_URL naming it).`,
    );
  } catch (error) {
    if (
      error instanceof AnonymizeRefusedError ||
      error instanceof UnclassifiedColumnsError ||
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
