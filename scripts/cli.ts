import { fileURLToPath } from "node:url";

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
