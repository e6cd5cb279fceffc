import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { generateSecret, generateURI, verify as verifyTotp } from "otplib";
import QRCode from "qrcode";
import type { ActionResult } from "@/lib/actions/action";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { requiresMfa } from "./config";
import { throttledMessage } from "./credentials";
import { verifyOwnPassword } from "./password";
import { formatRecoveryCode, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { getAuthSecret } from "./secret";
import { unsafeClearThrottle, unsafeGetThrottleWait, unsafeRecordThrottleFailure } from "./unsafe-queries";

// TOTP second factor (RFC 6238, 30-second steps, one step of clock drift
// either way) and single-use recovery codes. Wrong codes are throttled per
// account with the same back-off as passwords.

const ISSUER = "Wedding Planner";
export const INVALID_MFA_CODE = "That code is not valid. Check your authenticator app, or use a recovery code.";

type MfaUser = { userId: number; role: "admin" | "planner" | "vendor"; email: string };

function identityOf(user: MfaUser): Identity {
  return { kind: "user", userId: user.userId, role: user.role };
}

export function mfaThrottleKey(userId: number): string {
  return `mfa:${userId}`;
}

export function checkTotp(secret: string, code: string): Promise<boolean> {
  return verifyTotp({ secret, token: code, epochTolerance: 30 }).then((result) => result.valid);
}

/** The time step of a valid code later than `afterTimeStep`, or null: a TOTP code is good once. */
export async function acceptTotp(secret: string, code: string, afterTimeStep: bigint | null): Promise<bigint | null> {
  const result = await verifyTotp({
    secret,
    token: code,
    epochTolerance: 30,
    ...(afterTimeStep === null ? {} : { afterTimeStep: Number(afterTimeStep) }),
  });
  return result.valid && "timeStep" in result ? BigInt(result.timeStep as number) : null;
}

// Enrollment ---------------------------------------------------------------------

export type TMfaEnrollment = { secret: string; signature: string; qrCodeDataUrl: string };

/**
 * A fresh secret to show on the enrollment page. Nothing is stored until the
 * user proves their app has it; meanwhile the form carries the secret with a
 * signature, so the confirmation can only enable a secret this server issued
 * to this user.
 */
export async function createMfaEnrollment(user: Pick<MfaUser, "userId" | "email">): Promise<TMfaEnrollment> {
  const secret = generateSecret();
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return {
    secret,
    signature: signEnrollment(user.userId, secret),
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

export function signEnrollment(userId: number, secret: string): string {
  return createHmac("sha256", getAuthSecret()).update(`mfa-enrollment:${userId}:${secret}`).digest("base64url");
}

function isSignatureValid(userId: number, secret: string, signature: string): boolean {
  const expected = Buffer.from(signEnrollment(userId, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type TConfirmMfa = { secret: string; signature: string; code: string };

/** Turns MFA on once the code proves the app has the secret; returns the recovery codes, shown once. */
export async function confirmMfaEnrollment(
  user: MfaUser,
  input: TConfirmMfa,
): Promise<ActionResult<{ recoveryCodes: string[]; sessionVersion: number }>> {
  if (!isSignatureValid(user.userId, input.secret, input.signature)) {
    return { ok: false, error: "This setup is no longer valid. Reload the page and scan the new code." };
  }
  const key = mfaThrottleKey(user.userId);
  // Safe: reads the failure counter of this signed-in user's own MFA key.
  const wait = await unsafeGetThrottleWait([key]);
  if (wait > 0) return { ok: false, error: throttledMessage(wait) };
  if (!(await checkTotp(input.secret, input.code))) {
    // Safe: counts a failure against this user's own MFA key.
    await unsafeRecordThrottleFailure([key]);
    const message = "That code does not match. Check the time on your device and try again.";
    return { ok: false, error: message, fieldErrors: { code: [message] } };
  }
  // Safe: the code was just proven.
  await unsafeClearThrottle(key);

  const codes = generateRecoveryCodes();
  const sessionVersion = await withIdentity(identityOf(user), async (tx) => {
    const enabled = await tx.user.updateMany({
      where: { id: user.userId, mfaEnabledAt: null },
      // Sessions signed in with the password alone end: from now on it takes both factors.
      data: { mfaSecret: input.secret, mfaEnabledAt: new Date(), sessionVersion: { increment: 1 } },
    });
    if (enabled.count !== 1) return null;
    await tx.mfaRecoveryCode.deleteMany({ where: { userId: user.userId } });
    await tx.mfaRecoveryCode.createMany({
      data: codes.map((code) => ({ userId: user.userId, codeHash: hashRecoveryCode(user.userId, code) })),
    });
    const row = await tx.user.findUniqueOrThrow({ where: { id: user.userId }, select: { sessionVersion: true } });
    return row.sessionVersion;
  });
  if (sessionVersion === null) return { ok: false, error: "Two-factor authentication is already on for this account." };
  return { ok: true, recoveryCodes: codes.map(formatRecoveryCode), sessionVersion };
}

// The sign-in step ---------------------------------------------------------------------

/** Checks a TOTP code or a recovery code (which is used up) for the sign-in step. */
export async function verifyMfaChallenge(
  user: MfaUser,
  code: string,
): Promise<ActionResult<{ method: "totp" | "recovery-code" }>> {
  const key = mfaThrottleKey(user.userId);
  // Safe: reads the failure counter of the user whose password was just checked.
  const wait = await unsafeGetThrottleWait([key]);
  if (wait > 0) return { ok: false, error: throttledMessage(wait) };

  const method = /^\d{6}$/.test(code) ? ("totp" as const) : ("recovery-code" as const);
  const valid = await withIdentity(identityOf(user), async (tx) => {
    if (method === "totp") {
      const row = await tx.user.findUnique({
        where: { id: user.userId },
        select: { mfaSecret: true, mfaEnabledAt: true, mfaLastTimeStep: true },
      });
      if (!row?.mfaSecret || !row.mfaEnabledAt) return false;
      const step = await acceptTotp(row.mfaSecret, code, row.mfaLastTimeStep);
      if (step === null) return false;
      // One statement: of two requests racing with the same code, only one moves the step on.
      const used = await tx.user.updateMany({
        where: { id: user.userId, OR: [{ mfaLastTimeStep: null }, { mfaLastTimeStep: { lt: step } }] },
        data: { mfaLastTimeStep: step },
      });
      return used.count === 1;
    }
    const normalized = normalizeRecoveryCode(code);
    if (!normalized) return false;
    // One statement: of two requests racing with the same code, only one finds it unused.
    const used = await tx.mfaRecoveryCode.updateMany({
      where: { userId: user.userId, codeHash: hashRecoveryCode(user.userId, normalized), usedAt: null },
      data: { usedAt: new Date() },
    });
    return used.count === 1;
  });
  if (!valid) {
    // Safe: counts a failure against this user's own MFA key.
    await unsafeRecordThrottleFailure([key]);
    return { ok: false, error: INVALID_MFA_CODE, fieldErrors: { code: [INVALID_MFA_CODE] } };
  }
  // Safe: the second factor was just proven.
  await unsafeClearThrottle(key);
  return { ok: true, method };
}

/** Unused recovery codes left, so the account page can warn before they run out. */
export async function countUnusedRecoveryCodes(user: MfaUser): Promise<number> {
  return withIdentity(identityOf(user), (tx) =>
    tx.mfaRecoveryCode.count({ where: { userId: user.userId, usedAt: null } }),
  );
}

// Turning it off ------------------------------------------------------------------------

/** Planners may turn MFA off again, after re-entering their password. */
export async function disableMfa(user: MfaUser, password: string): Promise<ActionResult> {
  if (requiresMfa(user.role)) {
    return { ok: false, error: "Two-factor authentication is required for your role and cannot be turned off." };
  }
  const checked = await verifyOwnPassword(user, password);
  if (!checked.ok) return checked;
  await withIdentity(identityOf(user), async (tx) => {
    await tx.user.update({ where: { id: user.userId }, data: { mfaSecret: null, mfaEnabledAt: null } });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId: user.userId } });
  });
  return { ok: true };
}
