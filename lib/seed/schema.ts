import { z } from "zod";

// Command-line flags of `npm run db:seed`.

export const SEED_USAGE = "Usage: npm run db:seed [-- --reset]\n  --reset  delete the demo data and create it again";

export const ZSeedFlag = z.enum(["--reset"], {
  error: (issue) => `Unknown option "${String(issue.input)}".`,
});

export const ZSeedArgs = z.array(ZSeedFlag).transform((flags) => ({ reset: flags.includes("--reset") }));

export type TSeedArgs = z.infer<typeof ZSeedArgs>;

export type ParsedSeedArgs = { ok: true; args: TSeedArgs } | { ok: false; error: string };

export function parseSeedArgs(argv: string[]): ParsedSeedArgs {
  const parsed = ZSeedArgs.safeParse(argv);
  if (parsed.success) return { ok: true, args: parsed.data };
  const messages = [...new Set(parsed.error.issues.map((issue) => issue.message))];
  return { ok: false, error: messages.join(" ") };
}
