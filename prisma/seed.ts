import { ensureDatabase } from "@/lib/db/server";
import type { SeedSummary } from "@/lib/seed/demo-data";
import { parseSeedArgs, SEED_USAGE } from "@/lib/seed/schema";
import { fail, runMain } from "../scripts/cli";
import { printDemoLogins, printTable, seedDatabase } from "../scripts/demo";

// npm run db:seed [-- --reset]: the demo data. Without --reset it leaves an
// already seeded database alone; with --reset it deletes the demo data and
// creates it again, in one transaction.

async function main(argv: string[]) {
  const parsed = parseSeedArgs(argv);
  if (!parsed.ok) fail(`${parsed.error}\n${SEED_USAGE}`);

  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    const started = performance.now();
    const summary = await seedDatabase(db.ownerUrl, { reset: parsed.args.reset });
    printSummary(summary, performance.now() - started);
  } finally {
    await db.stop();
  }
}

const HEADLINES: Record<SeedSummary["outcome"], string> = {
  created: "Demo data created",
  recreated: "Demo data deleted and created again",
  "already-seeded": "The demo data is already there; nothing changed (use --reset to recreate it)",
};

function printSummary(summary: SeedSummary, elapsedMs: number) {
  console.log(`\n${HEADLINES[summary.outcome]} in ${(elapsedMs / 1000).toFixed(1)} s.\n`);
  printTable(Object.entries(summary.counts).map(([table, count]) => [table, String(count)]));
  printDemoLogins();
}

runMain(import.meta.url, main);
