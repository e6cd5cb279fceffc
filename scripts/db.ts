import { spawn } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { ensureDatabase, currentOwnerUrl, ensureStatStatements, prepareRuntimeRole } from "@/lib/db/server";
import { migrate, MigrationError } from "@/lib/db/migrate";
import { redactUrl } from "@/lib/db/config";
import { fail, runMain } from "./cli";

// npm run db:url | db:psql | db:migrate | db:up

const ZCommand = z.enum(["url", "psql", "migrate", "up"]);
const ZMigrateFlags = z.object({ dir: z.string().min(1).default("prisma/migrations") }).strict();

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) fail(`Unexpected argument "${arg}".`);
    const [key, inline] = arg.slice(2).split("=", 2);
    const value = inline ?? args[++i];
    if (value === undefined) fail(`--${key} needs a value.`);
    flags[key!] = value;
  }
  return flags;
}

async function main(argv: string[]) {
  const parsed = ZCommand.safeParse(argv[0]);
  if (!parsed.success) fail(`Usage: tsx scripts/db.ts <${ZCommand.options.join("|")}>`);
  const command = parsed.data;

  if (command === "url") {
    process.stdout.write(`${currentOwnerUrl()}\n`);
    return;
  }

  const db = await ensureDatabase({ log: (l) => console.error(l) });
  try {
    if (command === "psql") {
      await new Promise<void>((resolve, reject) => {
        const child = spawn("psql", [db.ownerUrl, ...argv.slice(1)], { stdio: "inherit" });
        child.on("error", (e) =>
          reject(new Error(`Could not run psql (${e.message}). Install the PostgreSQL client.`)),
        );
        child.on("exit", () => resolve());
      });
    } else if (command === "migrate") {
      const flags = ZMigrateFlags.safeParse(parseFlags(argv.slice(1)));
      if (!flags.success) fail(`Bad flags for migrate: ${flags.error.issues.map((i) => i.message).join("; ")}`);
      await runMigrations(db.ownerUrl, undefined, path.resolve(flags.data.dir));
      if (db.kind === "embedded") await prepareRuntimeRole(db);
    } else if (command === "up") {
      await runMigrations(db.ownerUrl);
      await prepareRuntimeRole(db);
      console.error(`Database ready: ${redactUrl(db.ownerUrl)}. Ctrl-C stops it.`);
      await new Promise(() => {});
    }
  } finally {
    await db.stop();
  }
}

export async function runMigrations(
  ownerUrl: string,
  log: (l: string) => void = (l) => console.error(l),
  dir = MIGRATIONS_DIR,
) {
  try {
    const result = await migrate(ownerUrl, dir, log);
    await ensureStatStatements(ownerUrl, log);
    log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s).`
        : `Database is up to date (${result.alreadyApplied} migrations applied).`,
    );
  } catch (error) {
    if (error instanceof MigrationError) fail(error.message);
    throw error;
  }
}

runMain(import.meta.url, main);
