import "server-only";
import { getPrismaFor, type AppPrismaClient } from "./client";
import { getPoolSettings, type PoolName } from "./pool-config";

// The one way into the database for a person. Every query runs inside one
// transaction whose first statement sets that person's identity, which the
// row-level security policies read. set_config(..., true) is transaction-local,
// so a pooled connection never carries one person's identity into another's.
// Long reports pass { pool: "report" }: the same identity and row-level
// security, on the small report pool with its longer statement timeout.

export type Identity =
  { kind: "user"; userId: number; role: "admin" | "planner" | "vendor" } | { kind: "guest"; guestToken: string };

export type Tx = Parameters<Parameters<AppPrismaClient["$transaction"]>[0]>[0];

export type IdentityOptions = { timeoutMs?: number; maxWaitMs?: number; pool?: PoolName };

export async function withIdentity<T>(
  identity: Identity,
  fn: (tx: Tx) => Promise<T>,
  options: IdentityOptions = {},
): Promise<T> {
  const userId = identity.kind === "user" ? String(identity.userId) : "";
  const role = identity.kind === "user" ? identity.role : "guest";
  const guestToken = identity.kind === "guest" ? identity.guestToken : "";
  const pool = options.pool ?? "main";
  const settings = getPoolSettings()[pool];
  return getPrismaFor(pool).$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true),
                                  set_config('app.role', ${role}, true),
                                  set_config('app.guest_token', ${guestToken}, true)`;
      return fn(tx);
    },
    {
      timeout: options.timeoutMs ?? settings.transactionTimeoutMs,
      maxWait: options.maxWaitMs ?? settings.connectionWaitMs,
    },
  );
}
