import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { assertMigrated, DatabaseNotMigratedError } from "@/lib/seed/assert-migrated";
import { parseArgs } from "node:util";
import type { z } from "zod";

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

type FlagSpec = Record<string, { type: "string" | "boolean" }>;

/**
 * Reads `--name value`, `--name=value`, boolean flags and positional
 * arguments (node:util parseArgs, strict), then validates them with `schema`.
 * Any problem ends the command with the first issue and the usage line,
 * before anything is touched.
 */
export function parseCli<T extends z.ZodType>(
  argv: string[],
  spec: { flags: FlagSpec; schema: T; usage: string },
): z.infer<T> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: spec.flags, allowPositionals: true, strict: true });
  } catch (error) {
    fail(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, ".")}\n${spec.usage}`);
  }
  const result = spec.schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? `${flagLabel(issue.path)}: ` : "";
    fail(`${where}${issue.message}\n${spec.usage}`);
  }
  return result.data;
}

function flagLabel(pathParts: PropertyKey[]): string {
  const [first] = pathParts;
  return first === "positionals" ? "Argument" : `--${String(first)}`;
}
