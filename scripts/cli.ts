import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { assertMigrated, DatabaseNotMigratedError } from "@/lib/seed/assert-migrated";

// Shared by the command-line entry points: a clear message and a non-zero exit
// for expected failures, a stack trace only for bugs.

export class CliError extends Error {}

export function fail(message: string): never {
  throw new CliError(message);
}

export function runMain(moduleUrl: string, main: (argv: string[]) => Promise<void>): void {
  if (process.argv[1] && fileURLToPath(moduleUrl) !== process.argv[1]) return;
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`\n${error instanceof Error ? error.message : String(error)}`);
      // Bugs (not CliError) keep their stack for whoever debugs them.
      if (process.env.DEBUG && error instanceof Error && error.stack) console.error(error.stack);
      process.exit(1);
    },
  );
}

/** Fails with the migration runner's advice unless every migration in prisma/migrations is applied. */
export async function assertMigratedOrFail(ownerUrl: string, applicationName: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: applicationName });
  await client.connect();
  try {
    await assertMigrated(client, path.resolve("prisma/migrations")).catch((error: unknown) => {
      if (error instanceof DatabaseNotMigratedError) fail(error.message);
      throw error;
    });
  } finally {
    await client.end();
  }
}
