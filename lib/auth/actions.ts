"use server";

import { sessionAction } from "@/lib/actions/action";
import { confirmMfaEnrollment, disableMfa, verifyMfaChallenge } from "./mfa";
import { changePassword } from "./password";
import { ZChangePasswordSchema, ZConfirmMfaSchema, ZDisableMfaSchema, ZMfaCodeSchema, safeNextPath } from "./schema";
import { writeSessionCookie } from "./session";
import { unsafeRecordSignIn } from "./unsafe-queries";

// The sign-in flow's forms and the account's own settings. They act only on
// the signed-in account (ids come from the session, never from the form), so
// they take the session rather than a role. Each success re-issues this
// browser's session cookie; the forms then load their next page in full, so
// the header shows the new state.

export const verifyMfaAction = sessionAction(["mfa-pending"], ZMfaCodeSchema, async (input, user) => {
  const result = await verifyMfaChallenge(user, input.code);
  if (!result.ok) return result;
  await writeSessionCookie({ ...user, mfaVerified: true });
  // Safe: both factors were just proven for this user.
  await unsafeRecordSignIn(user.userId);
  return { ok: true, next: safeNextPath(input.next) };
});

export const confirmMfaEnrollmentAction = sessionAction(
  ["active", "mfa-enrollment"],
  ZConfirmMfaSchema,
  async (input, user) => {
    const result = await confirmMfaEnrollment(user, input);
    if (!result.ok) return result;
    await writeSessionCookie({ ...user, sessionVersion: result.sessionVersion, mfaEnabled: true, mfaVerified: true });
    return { ok: true, recoveryCodes: result.recoveryCodes };
  },
);

export const disableMfaAction = sessionAction(["active"], ZDisableMfaSchema, async (input, user) => {
  const result = await disableMfa(user, input.password);
  if (!result.ok) return result;
  await writeSessionCookie({ ...user, mfaEnabled: false, mfaVerified: false });
  return { ok: true };
});

export const changePasswordAction = sessionAction(["active"], ZChangePasswordSchema, async (input, user) => {
  const result = await changePassword(user, input);
  if (!result.ok) return result;
  // Every other session of this account ends; this one carries on with the new version.
  await writeSessionCookie({ ...user, sessionVersion: result.sessionVersion });
  return { ok: true };
});
