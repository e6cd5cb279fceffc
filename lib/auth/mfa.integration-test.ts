import { generate } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Mfa from "./mfa";
import type * as SessionState from "./session-state";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { createTestAccount, expireThrottles, throttleRows, type TestAccount } from "./test-accounts";

let db: TestDatabase;
let mfa: typeof Mfa;
let checkSessionToken: typeof SessionState.checkSessionToken;
let disconnectApp: () => Promise<void>;
let admin: TestAccount;
let planner: TestAccount;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  process.env.NEXTAUTH_SECRET = "integration-test-secret-of-enough-length";
  mfa = await import("./mfa");
  ({ checkSessionToken } = await import("./session-state"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  admin = await createTestAccount(db, { email: "ada@example.test", password: "ada-password-1", role: "admin" });
  planner = await createTestAccount(db, { email: "pia@example.test", password: "pia-password-1", role: "planner" });
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM auth_throttle");
});

function tokenFor(account: TestAccount, sessionVersion: number, mfaVerified: boolean) {
  return {
    userId: account.userId,
    email: account.email,
    role: account.role,
    sessionVersion,
    mfaEnabled: mfaVerified,
    mfaVerified,
    signedInAt: Math.floor(Date.now() / 1000),
  };
}

async function mfaRow(userId: number) {
  const { rows } = await db.pool.query(
    "SELECT mfa_secret, mfa_enabled_at, session_version FROM users WHERE user_id = $1",
    [userId],
  );
  return rows[0] as { mfa_secret: string | null; mfa_enabled_at: Date | null; session_version: number };
}

/** Enrolls the account and returns its secret and recovery codes. */
async function enroll(account: TestAccount) {
  const enrollment = await mfa.createMfaEnrollment(account);
  const result = await mfa.confirmMfaEnrollment(account, {
    secret: enrollment.secret,
    signature: enrollment.signature,
    code: await generate({ secret: enrollment.secret }),
  });
  if (!result.ok) throw new Error(result.error);
  return { secret: enrollment.secret, ...result };
}

describe("MFA enrollment", () => {
  it("offers a secret, a QR code and a signature; stores nothing yet", async () => {
    const enrollment = await mfa.createMfaEnrollment(admin);
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrollment.qrCodeDataUrl.split(",")[1]!, "base64").toString()).toContain("<svg");
    expect(await mfaRow(admin.userId)).toMatchObject({ mfa_secret: null, mfa_enabled_at: null });
  });

  it("refuses a secret this server did not issue to this user", async () => {
    const mine = await mfa.createMfaEnrollment(admin);
    const code = await generate({ secret: mine.secret });
    const forged = await mfa.confirmMfaEnrollment(admin, { ...mine, signature: "A".repeat(43), code });
    expect(forged).toMatchObject({ ok: false, error: expect.stringMatching(/no longer valid/) });
    const someoneElses = await mfa.createMfaEnrollment(planner);
    const swapped = await mfa.confirmMfaEnrollment(admin, {
      secret: someoneElses.secret,
      signature: someoneElses.signature,
      code: await generate({ secret: someoneElses.secret }),
    });
    expect(swapped.ok).toBe(false);
    expect(await mfaRow(admin.userId)).toMatchObject({ mfa_secret: null, mfa_enabled_at: null });
  });

  it("refuses a wrong code and counts it", async () => {
    const enrollment = await mfa.createMfaEnrollment(planner);
    const result = await mfa.confirmMfaEnrollment(planner, { ...enrollment, code: "000000" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: [expect.stringMatching(/does not match/)] } });
    expect(await throttleRows(db)).toEqual([{ key: `mfa:${planner.userId}`, failures: 1 }]);
    expect(await mfaRow(planner.userId)).toMatchObject({ mfa_enabled_at: null });
  });

  it("turns MFA on with a right code: 10 recovery codes, stored only as hashes, and other sessions end", async () => {
    const oldSession = tokenFor(admin, 1, false);
    expect((await checkSessionToken(oldSession)).status).toBe("mfa-enrollment");
    const { secret, recoveryCodes, sessionVersion } = await enroll(admin);

    expect(recoveryCodes).toHaveLength(10);
    expect(sessionVersion).toBe(2);
    const row = await mfaRow(admin.userId);
    expect(row.mfa_secret).toBe(secret);
    expect(row.mfa_enabled_at).toBeInstanceOf(Date);
    const { rows } = await db.pool.query<{ code_hash: string }>(
      "SELECT code_hash FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL",
      [admin.userId],
    );
    expect(rows.map((r) => r.code_hash).sort()).toEqual(
      recoveryCodes.map((code) => hashRecoveryCode(admin.userId, normalizeRecoveryCode(code)!)).sort(),
    );
    // The session that enrolled is re-issued by the action; the old cookie no longer counts.
    expect((await checkSessionToken(oldSession)).status).toBe("signed-out");
    expect((await checkSessionToken(tokenFor(admin, 2, true))).status).toBe("active");
    expect((await checkSessionToken(tokenFor(admin, 2, false))).status).toBe("mfa-pending");
    // The secret never reaches the audit trail.
    const audit = await db.pool.query("SELECT new_values::text AS v FROM audit_log WHERE table_name = 'users'");
    expect(audit.rows.map((r: { v: string | null }) => r.v ?? "").join(" ")).not.toContain(secret);

    const again = await mfa.createMfaEnrollment(admin);
    const second = await mfa.confirmMfaEnrollment(admin, { ...again, code: await generate({ secret: again.secret }) });
    expect(second).toMatchObject({ ok: false, error: expect.stringMatching(/already on/) });
    expect((await mfaRow(admin.userId)).mfa_secret).toBe(secret);
  });
});

describe("the MFA sign-in step", () => {
  it("accepts the authenticator's code and refuses a wrong one", async () => {
    const user = await createTestAccount(db, { email: "tom@example.test", password: "tom-password-1", role: "vendor" });
    const { secret } = await enroll(user);
    expect(await mfa.verifyMfaChallenge(user, await generate({ secret }))).toEqual({ ok: true, method: "totp" });
    const wrong = await mfa.verifyMfaChallenge(user, "000000");
    expect(wrong).toMatchObject({ ok: false, error: mfa.INVALID_MFA_CODE });
  });

  it("accepts a TOTP code once: the same code replayed is refused", async () => {
    const user = await createTestAccount(db, { email: "ray@example.test", password: "ray-password-1", role: "vendor" });
    const { secret } = await enroll(user);
    const code = await generate({ secret });
    expect(await mfa.verifyMfaChallenge(user, code)).toEqual({ ok: true, method: "totp" });
    expect(await mfa.verifyMfaChallenge(user, code)).toMatchObject({ ok: false, error: mfa.INVALID_MFA_CODE });
  });

  it("throttles wrong codes: after 5, even the right code waits, and the wait grows", async () => {
    const user = await createTestAccount(db, { email: "val@example.test", password: "val-password-1", role: "vendor" });
    const { secret } = await enroll(user);
    for (let i = 0; i < 5; i++) {
      expect((await mfa.verifyMfaChallenge(user, "000000")).ok).toBe(false);
    }
    expect(await mfa.verifyMfaChallenge(user, await generate({ secret }))).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 1 second.",
    });
    await expireThrottles(db);
    await mfa.verifyMfaChallenge(user, "ABCDEFGHJK");
    expect(await mfa.verifyMfaChallenge(user, await generate({ secret }))).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 2 seconds.",
    });
    await expireThrottles(db);
    expect((await mfa.verifyMfaChallenge(user, await generate({ secret }))).ok).toBe(true);
    expect(await throttleRows(db)).toEqual([]);
  });

  it("accepts each recovery code once; a replayed code fails", async () => {
    const user = await createTestAccount(db, { email: "rex@example.test", password: "rex-password-1", role: "admin" });
    const { recoveryCodes } = await enroll(user);
    const [first, second] = recoveryCodes as [string, string];
    expect(await mfa.verifyMfaChallenge(user, normalizeRecoveryCode(first)!)).toEqual({
      ok: true,
      method: "recovery-code",
    });
    expect(await mfa.verifyMfaChallenge(user, normalizeRecoveryCode(first)!)).toMatchObject({ ok: false });
    expect(await mfa.countUnusedRecoveryCodes(user)).toBe(9);
    // Another user's code is no code at all.
    const other = await createTestAccount(db, { email: "oz@example.test", password: "oz-password-12", role: "admin" });
    const theirs = await enroll(other);
    expect((await mfa.verifyMfaChallenge(user, normalizeRecoveryCode(theirs.recoveryCodes[0]!)!)).ok).toBe(false);
    expect((await mfa.verifyMfaChallenge(user, normalizeRecoveryCode(second)!)).ok).toBe(true);
  });

  it("lets only one of two simultaneous uses of a recovery code through", async () => {
    const user = await createTestAccount(db, { email: "sim@example.test", password: "sim-password-1", role: "admin" });
    const code = normalizeRecoveryCode((await enroll(user)).recoveryCodes[0]!)!;
    const results = await Promise.all([mfa.verifyMfaChallenge(user, code), mfa.verifyMfaChallenge(user, code)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });
});

describe("turning MFA off", () => {
  it("is refused for roles that require MFA", async () => {
    const user = await createTestAccount(db, { email: "av@example.test", password: "av-password-12", role: "admin" });
    await enroll(user);
    expect(await mfa.disableMfa(user, user.password)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/required/),
    });
    expect((await mfaRow(user.userId)).mfa_enabled_at).toBeInstanceOf(Date);
  });

  it("needs a planner's password, then removes the secret and the recovery codes", async () => {
    const user = await createTestAccount(db, { email: "pm@example.test", password: "pm-password-12", role: "planner" });
    await enroll(user);
    expect(await mfa.disableMfa(user, "wrong password")).toMatchObject({
      ok: false,
      fieldErrors: { password: [expect.any(String)] },
    });
    expect((await mfaRow(user.userId)).mfa_enabled_at).toBeInstanceOf(Date);
    expect(await mfa.disableMfa(user, user.password)).toEqual({ ok: true });
    expect(await mfaRow(user.userId)).toMatchObject({ mfa_secret: null, mfa_enabled_at: null });
    expect(await mfa.countUnusedRecoveryCodes(user)).toBe(0);
  });
});
