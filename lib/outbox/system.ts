import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { RunTransaction } from "./deliver";

// The sending script's way into the database: the owner's connection, each
// transaction as the system identity (user 0, admin), which the seed and the
// maintenance scripts use too. FORCE row-level security applies to the owner,
// so without these settings it would see no message at all.

export type SystemDatabase = { run: RunTransaction; close: () => Promise<void> };

/**
 * Unsafe: every wedding's rows, for no person. Only for scripts/outbox-send.ts,
 * which acts for nobody and only moves messages through their statuses.
 */
export function unsafeOpenSystemDatabase(ownerUrl: string): SystemDatabase {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: ownerUrl, max: 2, application_name: "outbox-send" }),
  });
  const run: RunTransaction = (fn) =>
    prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)`;
        return fn(tx);
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  return { run, close: () => prisma.$disconnect() };
}
