import "server-only";
import type { ActionResult } from "@/lib/actions/action";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { emailThrottleKey, throttledMessage } from "./credentials";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password-hash";
import type { TChangePassword } from "./schema";
import { unsafeClearThrottle, unsafeGetThrottleWait, unsafeRecordThrottleFailure } from "./unsafe-queries";

type PasswordUser = { userId: number; role: "admin" | "planner" | "vendor"; email: string };

const WRONG_PASSWORD = "Your current password is not correct.";

function identityOf(user: PasswordUser): Identity {
  return { kind: "user", userId: user.userId, role: user.role };
}

/**
 * Re-entering the password shares the sign-in throttle of the account, so a
 * stolen session cannot be used to guess it faster than sign-in could.
 */
export async function verifyOwnPassword(
  user: PasswordUser,
  password: string,
  field = "password",
): Promise<ActionResult> {
  const key = emailThrottleKey(user.email);
  // Safe: reads the failure counter of the signed-in user's own account.
  const wait = await unsafeGetThrottleWait([key]);
  if (wait > 0) return { ok: false, error: throttledMessage(wait) };
  const row = await withIdentity(identityOf(user), (tx) =>
    tx.user.findUnique({ where: { id: user.userId }, select: { passwordHash: true } }),
  );
  if (!(await verifyPassword(row?.passwordHash ?? DUMMY_PASSWORD_HASH, password))) {
    // Safe: counts a failure against the signed-in user's own account.
    await unsafeRecordThrottleFailure([key]);
    return { ok: false, error: WRONG_PASSWORD, fieldErrors: { [field]: [WRONG_PASSWORD] } };
  }
  // Safe: the password was just proven.
  await unsafeClearThrottle(key);
  return { ok: true };
}

/**
 * Sets a new password and bumps session_version, which ends every session of
 * this account; the caller re-issues the current one with the new version.
 */
export async function changePassword(
  user: PasswordUser,
  input: TChangePassword,
): Promise<ActionResult<{ sessionVersion: number }>> {
  const checked = await verifyOwnPassword(user, input.currentPassword, "currentPassword");
  if (!checked.ok) return checked;
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await withIdentity(identityOf(user), (tx) =>
    tx.user.update({
      where: { id: user.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    }),
  );
  return { ok: true, sessionVersion: updated.sessionVersion };
}
