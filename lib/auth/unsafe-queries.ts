import "server-only";
import { getPrisma } from "@/lib/db/client";

// Sign-in happens before there is an identity, and the app role cannot read
// accounts without one. These helpers call the security-definer functions of
// the security migration, which reveal only what sign-in needs. They skip
// withIdentity, hence unsafe…: each caller says why its call is safe.

export type TAccount = {
  userId: number;
  role: "admin" | "planner" | "vendor" | "guest";
  passwordHash: string | null;
  disabled: boolean;
  mfaEnabled: boolean;
  sessionVersion: number;
};

export type TAccountState = Omit<TAccount, "userId" | "passwordHash">;

type AccountRow = {
  user_id: number;
  role: TAccount["role"];
  password_hash: string | null;
  disabled: boolean;
  mfa_enabled: boolean;
  session_version: number;
};

export async function unsafeFindAccount(email: string): Promise<TAccount | null> {
  const rows = await getPrisma().$queryRaw<AccountRow[]>`
    SELECT user_id, role::text AS role, password_hash, disabled, mfa_enabled, session_version
    FROM auth_find_user(${email}::text)`;
  const row = rows[0];
  if (!row) return null;
  return {
    userId: row.user_id,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    mfaEnabled: row.mfa_enabled,
    sessionVersion: row.session_version,
  };
}

export async function unsafeGetAccountState(userId: number): Promise<TAccountState | null> {
  const rows = await getPrisma().$queryRaw<Omit<AccountRow, "user_id" | "password_hash">[]>`
    SELECT role::text AS role, disabled, mfa_enabled, session_version
    FROM auth_session_state(${userId}::integer)`;
  const row = rows[0];
  if (!row) return null;
  return { role: row.role, disabled: row.disabled, mfaEnabled: row.mfa_enabled, sessionVersion: row.session_version };
}

/** The longest wait any of `keys` must sit out, in seconds (0: go ahead). */
export async function unsafeGetThrottleWait(keys: readonly string[]): Promise<number> {
  let longest = 0;
  for (const key of keys) {
    const [row] = await getPrisma().$queryRaw<{ wait: number }[]>`SELECT auth_throttle_wait(${key}::text) AS wait`;
    longest = Math.max(longest, row?.wait ?? 0);
  }
  return longest;
}

export async function unsafeRecordThrottleFailure(keys: readonly string[]): Promise<void> {
  for (const key of keys) await getPrisma().$executeRaw`SELECT auth_throttle_fail(${key}::text)`;
}

export async function unsafeClearThrottle(key: string): Promise<void> {
  await getPrisma().$executeRaw`SELECT auth_throttle_clear(${key}::text)`;
}

export async function unsafeRecordSignIn(userId: number): Promise<void> {
  await getPrisma().$executeRaw`SELECT auth_record_sign_in(${userId}::integer)`;
}

/** Counts one hit for `key` in a fixed window; false once the key is over `maxHits`. */
export async function unsafeHitRateLimit(key: string, maxHits: number, windowSeconds: number): Promise<boolean> {
  const [row] = await getPrisma().$queryRaw<{ allowed: boolean }[]>`
    SELECT rate_limit_hit(${key}::text, ${maxHits}::integer, ${windowSeconds}::integer) AS allowed`;
  return row?.allowed === true;
}
