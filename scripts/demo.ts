import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { assertMigrated, DatabaseNotMigratedError } from "@/lib/seed/assert-migrated";
import { DEMO_LOGINS, seedDemoData, type SeedSummary } from "@/lib/seed/demo-data";
import { fail } from "./cli";

// The demo data as the start, seed and test scripts use it.

const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export async function seedDatabase(url: string, options: { reset?: boolean } = {}): Promise<SeedSummary> {
  if (process.env.NODE_ENV === "production" && process.env.ALLOW_DEMO_SEED !== "1") {
    fail(
      "Refusing to load demo data with NODE_ENV=production: its passwords and RSVP links are public. Set ALLOW_DEMO_SEED=1 to insist.",
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await assertMigrated(client, MIGRATIONS_DIR);
  } catch (error) {
    if (error instanceof DatabaseNotMigratedError) fail(error.message);
    throw error;
  } finally {
    await client.end();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    return await seedDemoData(prisma, options);
  } finally {
    await prisma.$disconnect();
  }
}

/** First start: load the demo data into an empty database; later starts leave it alone. */
export async function seedIfEmpty(url: string): Promise<void> {
  const summary = await seedDatabase(url);
  if (summary.outcome === "created") console.log(`Loaded the demo data: ${summary.counts.weddings} weddings.`);
}

export function printDemoLogins(): void {
  console.log("\nDemo logins:\n");
  printTable([["role", "email", "password"], ...DEMO_LOGINS.map((l) => [l.role, l.email, l.password])]);
}

export function printTable(rows: string[][]): void {
  const widths = rows.reduce<number[]>((acc, row) => row.map((cell, i) => Math.max(acc[i] ?? 0, cell.length)), []);
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
}
