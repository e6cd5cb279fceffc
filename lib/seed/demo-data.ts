import { hash, type Algorithm } from "@node-rs/argon2";
import { loadMasterKeys } from "@/lib/crypto/system-keys";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { buildDemoPlan } from "./demo-plan";
import { countDemoData, deleteDemoData, type SeedCounts } from "./demo-scope";
import { DEMO_EMAILS } from "./logins";
import { insertDemoData } from "./insert-demo-data";
import { insertDemoProposals } from "./demo-proposals";
import type { UserPlan } from "./types";

// Writes the demo plan to the database in one transaction: either all of it
// is there afterwards, or none of it changed.

export { DEMO_LOGINS, type DemoLogin } from "./logins";
export type { SeedCounts } from "./demo-scope";

export type SeedOutcome = "created" | "already-seeded" | "recreated";
export type SeedSummary = { outcome: SeedOutcome; counts: SeedCounts };
export type SeedOptions = { reset?: boolean };

type Tx = Prisma.TransactionClient;

// @node-rs/argon2 declares Algorithm as an ambient const enum, which
// isolatedModules cannot read; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

export async function isSeeded(prisma: PrismaClient | Tx): Promise<boolean> {
  const users = await prisma.user.count({ where: { email: { in: DEMO_EMAILS, mode: "insensitive" } } });
  return users > 0;
}

export async function seedDemoData(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const plan = buildDemoPlan();
  // Hashing first keeps the slow part outside the transaction.
  const hashes = await hashPasswords(plan.users);
  return prisma.$transaction(
    async (tx) => {
      // Row-level security reads these; as admin the seed may write every tenant's rows.
      await tx.$executeRaw`SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)`;
      // Phones are encrypted on the way in (pgcrypto), under each couple's data key.
      await loadMasterKeys(tx);
      // Two seeds started together (npm start and npm run db:seed) queue here;
      // the second then finds the data and leaves it alone.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wedding-planner demo seed'))`;
      if (options.reset) {
        await deleteDemoData(tx, plan);
      } else if (await isSeeded(tx)) {
        return { outcome: "already-seeded" as const, counts: await countDemoData(tx, plan) };
      }
      await insertDemoData(tx, plan, hashes);
      await (await import("./demo-booking")).markSingleEventVendors(tx, plan);
      await (await import("./demo-vendor-packages")).insertDemoVendorPackages(tx, plan);
      await insertDemoProposals(tx);
      return {
        outcome: options.reset ? ("recreated" as const) : ("created" as const),
        counts: await countDemoData(tx, plan),
      };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

async function hashPasswords(users: UserPlan[]): Promise<Map<string, string>> {
  const hashed = await Promise.all(
    users.map(async (u) => [u.email, await hash(u.password, { algorithm: ARGON2ID, salt: u.salt })] as const),
  );
  return new Map(hashed);
}
