import "server-only";
import { getLogger } from "@/lib/log/logger";
import { ipThrottleKey } from "./client-ip";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password-hash";
import { ZCredentialsSchema } from "./schema";
import {
  unsafeClearThrottle,
  unsafeFindAccount,
  unsafeGetThrottleWait,
  unsafeHitRateLimit,
  unsafeRecordThrottleFailure,
} from "./unsafe-queries";

// The password step of sign-in, independent of next-auth. Every failure looks
// the same from outside: unknown email, wrong password, disabled account and
// malformed input all answer INVALID_CREDENTIALS, and an unknown email is
// verified against a dummy hash so that it takes as long as a wrong password.

export const INVALID_CREDENTIALS = "Email or password is incorrect.";

/**
 * A ceiling on password attempts per address, right or wrong, on top of the
 * back-off after failures: it caps the argon2 work one client can cause.
 */
export const SIGN_IN_RATE_LIMIT = { maxHits: 100, windowSeconds: 600 } as const;

export function throttledMessage(seconds: number): string {
  return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}

export type TSignedInAccount = {
  userId: number;
  email: string;
  role: "admin" | "planner" | "vendor";
  sessionVersion: number;
  mfaEnabled: boolean;
};

export type TCredentialCheck =
  { ok: true; account: TSignedInAccount } | { ok: false; error: string; retryAfterSeconds?: number };

export function emailThrottleKey(email: string): string {
  return `email:${email.toLowerCase()}`;
}

export async function checkCredentials(input: unknown, clientIp: string | null): Promise<TCredentialCheck> {
  const parsed = ZCredentialsSchema.safeParse(input);
  // Malformed input never reaches the database, so it changes nothing.
  if (!parsed.success) return { ok: false, error: INVALID_CREDENTIALS };
  const { email, password } = parsed.data;

  const emailKey = emailThrottleKey(email);
  if (!clientIp) warnUnknownAddress();
  const ipKey = clientIp ? ipThrottleKey(clientIp) : null;
  const keys = ipKey ? [emailKey, ipKey] : [emailKey];
  const { maxHits, windowSeconds } = SIGN_IN_RATE_LIMIT;
  // Safe before authentication: rate_limit_hit only counts requests per key.
  if (ipKey && !(await unsafeHitRateLimit(`sign-in:${ipKey}`, maxHits, windowSeconds))) {
    return { ok: false, error: throttledMessage(windowSeconds), retryAfterSeconds: windowSeconds };
  }
  // Safe before authentication: the throttle functions only count failures per key.
  const wait = await unsafeGetThrottleWait(keys);
  if (wait > 0) return { ok: false, error: throttledMessage(wait), retryAfterSeconds: wait };

  // Safe: auth_find_user reveals only what the password check needs, and only to this check.
  const account = await unsafeFindAccount(email);
  const matches = await verifyPassword(account?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
  if (!account || !matches || account.disabled || account.role === "guest") {
    // Safe: counts a failure for this email and address; reveals nothing.
    await unsafeRecordThrottleFailure(keys);
    return { ok: false, error: INVALID_CREDENTIALS };
  }
  // Only the account's counter: one good password must not reset an address that is guessing at many accounts.
  // Safe: the password for this email was just proven.
  await unsafeClearThrottle(emailKey);
  return {
    ok: true,
    account: {
      userId: account.userId,
      email,
      role: account.role,
      sessionVersion: account.sessionVersion,
      mfaEnabled: account.mfaEnabled,
    },
  };
}

let warned = false;

function warnUnknownAddress() {
  if (warned) return;
  warned = true;
  getLogger().warn(
    "Sign-in cannot see client addresses, so it limits attempts per account only. " +
      "Start the app with `npm start` (server.ts), or set TRUSTED_PROXY_HEADER behind a proxy.",
  );
}
