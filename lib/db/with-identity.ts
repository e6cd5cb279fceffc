import "server-only";
import { getKeyring, keyringSettings } from "@/lib/crypto/keyring";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrismaFor, type AppPrismaClient } from "./client";
import { getPoolSettings, type PoolName } from "./pool-config";

// The one way into the database for a person. Every query runs inside one
// transaction whose first statement sets that person's identity, which the
// row-level security policies read. set_config(..., true) is transaction-local,
// so a pooled connection never carries one person's identity into another's.
// Signed-in users also get the master keys, so PostgreSQL can unwrap the data
// keys their row-level security shows them (planners: their couples'; vendors:
// none, but a vendor's accept encrypts the contract through a definer function).
// They go as bound parameters, never as SQL text. Guests never get them.
// Long reports pass { pool: "report" }: the same identity and row-level
// security, on the small report pool with its longer statement timeout.
// Hot reads may take readAs() (read-as.ts) instead: the same transaction and
// the same identity statement, sent in one round trip.

export type Identity =
  { kind: "user"; userId: number; role: "admin" | "planner" | "vendor" } | { kind: "guest"; guestToken: string };

export type Tx = Parameters<Parameters<AppPrismaClient["$transaction"]>[0]>[0];

export type IdentityOptions = {
  timeoutMs?: number;
  maxWaitMs?: number;
  /** "report" for long reports (CSV exports, admin report pages); "main" otherwise. */
  pool?: PoolName;
  /**
   * Left unset, PostgreSQL's default applies: READ COMMITTED, which the
   * booking flow relies on (docs/seed-conformance.md, D13). Tests set it to
   * show what another level would do.
   */
  isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable";
  /** Another client than the app's pool, for tests that need connections of their own. */
  client?: AppPrismaClient;
};

/**
 * The statement that sets a person's identity for the current transaction
 * only (set_config(..., true)). withIdentity and readAs both send exactly this.
 */
export function identityStatement(identity: Identity): Prisma.Sql {
  const userId = identity.kind === "user" ? String(identity.userId) : "";
  const role = identity.kind === "user" ? identity.role : "guest";
  const guestToken = identity.kind === "guest" ? identity.guestToken : "";
  const keys = keyringSettings(identity.kind === "user" ? getKeyring() : null);
  return Prisma.sql`SELECT set_config('app.user_id', ${userId}, true),
                           set_config('app.role', ${role}, true),
                           set_config('app.guest_token', ${guestToken}, true),
                           set_config('app.master_key', ${keys.key}, true),
                           set_config('app.master_key_id', ${keys.keyId}, true),
                           set_config('app.master_key_prev', ${keys.previousKey}, true),
                           set_config('app.master_key_prev_id', ${keys.previousKeyId}, true)`;
}

export async function withIdentity<T>(
  identity: Identity,
  fn: (tx: Tx) => Promise<T>,
  options: IdentityOptions = {},
): Promise<T> {
  const statement = identityStatement(identity);
  const pool = options.pool ?? "main";
  const settings = getPoolSettings()[pool];
  return (options.client ?? getPrismaFor(pool)).$transaction(
    async (tx) => {
      await tx.$executeRaw(statement);
      return fn(tx);
    },
    {
      timeout: options.timeoutMs ?? settings.transactionTimeoutMs,
      maxWait: options.maxWaitMs ?? settings.connectionWaitMs,
      ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
    },
  );
}
