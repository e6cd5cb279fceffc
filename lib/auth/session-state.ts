import "server-only";
import type { UserIdentity } from "./guards";
import { getSessionMaxAgeSeconds, requiresMfa } from "./config";
import { nowSeconds, type TSessionToken } from "./session-token";
import { unsafeGetAccountState } from "./unsafe-queries";

// Whether a session cookie still stands, checked against the database on every
// request: the account must exist, be enabled, have the same role and the same
// session_version as when the password was checked (a password change or an
// admin reset bumps it), and the session must be younger than its maximum age.

export type TSessionUser = TSessionToken & { mfaEnrolled: boolean };

export type TSessionState =
  | { status: "signed-out" }
  /** Password checked; the MFA code is still to come. */
  | { status: "mfa-pending"; user: TSessionUser }
  /** Password checked; the role requires MFA and none is enrolled yet. */
  | { status: "mfa-enrollment"; user: TSessionUser }
  | { status: "active"; user: TSessionUser; identity: UserIdentity };

export type TSessionStatus = TSessionState["status"];

const SIGNED_OUT = { status: "signed-out" } as const;

export async function checkSessionToken(token: TSessionToken | null, now = nowSeconds()): Promise<TSessionState> {
  if (!token) return SIGNED_OUT;
  if (now - token.signedInAt > getSessionMaxAgeSeconds() || token.signedInAt > now + 60) return SIGNED_OUT;
  // Safe: reads only this user's role, disabled flag, MFA flag and session_version, to validate their own cookie.
  const account = await unsafeGetAccountState(token.userId);
  if (!account || account.disabled) return SIGNED_OUT;
  if (account.role !== token.role || account.sessionVersion !== token.sessionVersion) return SIGNED_OUT;

  const user: TSessionUser = { ...token, mfaEnrolled: account.mfaEnabled };
  if (account.mfaEnabled && !token.mfaVerified) return { status: "mfa-pending", user };
  if (!account.mfaEnabled && requiresMfa(token.role)) return { status: "mfa-enrollment", user };
  return { status: "active", user, identity: { kind: "user", userId: token.userId, role: token.role } };
}
