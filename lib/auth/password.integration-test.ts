import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Password from "./password";
import type * as SessionState from "./session-state";
import type { TSessionToken } from "./session-token";
import { ZChangePasswordSchema } from "./schema";
import { createTestAccount, userRows, type TestAccount } from "./test-accounts";

let db: TestDatabase;
let changePassword: typeof Password.changePassword;
let checkSessionToken: typeof SessionState.checkSessionToken;
let checkCredentials: typeof import("./credentials").checkCredentials;
let disconnectApp: () => Promise<void>;
let planner: TestAccount;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ changePassword } = await import("./password"));
  ({ checkSessionToken } = await import("./session-state"));
  ({ checkCredentials } = await import("./credentials"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  planner = await createTestAccount(db, { email: "pia@example.test", password: "pia-password-1", role: "planner" });
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM auth_throttle");
});

const now = () => Math.floor(Date.now() / 1000);

function session(account: TestAccount, overrides: Partial<TSessionToken> = {}): TSessionToken {
  return {
    userId: account.userId,
    email: account.email,
    role: account.role,
    sessionVersion: 1,
    mfaEnabled: false,
    mfaVerified: false,
    signedInAt: now(),
    ...overrides,
  };
}

describe("checkSessionToken", () => {
  it("accepts a current session and gives its identity", async () => {
    const state = await checkSessionToken(session(planner));
    expect(state).toMatchObject({
      status: "active",
      identity: { kind: "user", userId: planner.userId, role: "planner" },
    });
  });

  it("ends a session older than its maximum age, or from the future", async () => {
    expect((await checkSessionToken(session(planner, { signedInAt: now() - 8 * 3600 - 5 }))).status).toBe("signed-out");
    expect((await checkSessionToken(session(planner, { signedInAt: now() - 8 * 3600 + 60 }))).status).toBe("active");
    expect((await checkSessionToken(session(planner, { signedInAt: now() + 3600 }))).status).toBe("signed-out");
  });

  it("ends a session whose account was disabled, deleted or given another role", async () => {
    const user = await createTestAccount(db, {
      email: "dis@example.test",
      password: "dis-password-1",
      role: "planner",
    });
    expect((await checkSessionToken(session(user))).status).toBe("active");
    expect((await checkSessionToken(session(user, { role: "admin" }))).status).toBe("signed-out");
    expect((await checkSessionToken(session(user, { userId: 999_999 }))).status).toBe("signed-out");
    await db.pool.query("UPDATE users SET disabled_at = now() WHERE user_id = $1", [user.userId]);
    expect((await checkSessionToken(session(user))).status).toBe("signed-out");
  });

  it("sends an admin or vendor without MFA to enrollment, and never treats them as signed in", async () => {
    for (const role of ["admin", "vendor"] as const) {
      const user = await createTestAccount(db, { email: `${role}@example.test`, password: `${role}-password-1`, role });
      expect(await checkSessionToken(session(user))).toMatchObject({ status: "mfa-enrollment" });
    }
  });
});

describe("changePassword", () => {
  it("needs the current password; a wrong one changes nothing", async () => {
    const before = await userRows(db);
    const input = ZChangePasswordSchema.parse({
      currentPassword: "not-the-password",
      newPassword: "a-brand-new-passphrase",
      confirmPassword: "a-brand-new-passphrase",
    });
    expect(await changePassword(planner, input)).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: ["Your current password is not correct."] },
    });
    expect(await userRows(db)).toEqual(before);
  });

  it("refuses oversized or mismatched input before anything runs", () => {
    for (const input of [
      {
        currentPassword: "x".repeat(10_000),
        newPassword: "a-brand-new-passphrase",
        confirmPassword: "a-brand-new-passphrase",
      },
      { currentPassword: planner.password, newPassword: "y".repeat(10_000), confirmPassword: "y".repeat(10_000) },
      { currentPassword: planner.password, newPassword: "short-one", confirmPassword: "short-one" },
      {
        currentPassword: planner.password,
        newPassword: "a-brand-new-passphrase",
        confirmPassword: "different-passphrase",
      },
    ]) {
      expect(ZChangePasswordSchema.safeParse(input).success).toBe(false);
    }
  });

  it("sets the new password and bumps session_version, which ends sessions with the old version", async () => {
    const user = await createTestAccount(db, { email: "cp@example.test", password: "cp-password-12", role: "planner" });
    const oldSession = session(user);
    expect((await checkSessionToken(oldSession)).status).toBe("active");

    const result = await changePassword(
      user,
      ZChangePasswordSchema.parse({
        currentPassword: user.password,
        newPassword: "a-brand-new-passphrase",
        confirmPassword: "a-brand-new-passphrase",
      }),
    );
    expect(result).toEqual({ ok: true, sessionVersion: 2 });
    expect((await checkSessionToken(oldSession)).status).toBe("signed-out");
    expect((await checkSessionToken({ ...oldSession, sessionVersion: 2 })).status).toBe("active");

    expect((await checkCredentials({ email: user.email, password: user.password }, null)).ok).toBe(false);
    expect(await checkCredentials({ email: user.email, password: "a-brand-new-passphrase" }, null)).toMatchObject({
      ok: true,
      account: { sessionVersion: 2 },
    });
  });

  it("shares the sign-in throttle, so a stolen session cannot guess the password faster", async () => {
    const input = (currentPassword: string) =>
      ZChangePasswordSchema.parse({
        currentPassword,
        newPassword: "a-brand-new-passphrase",
        confirmPassword: "a-brand-new-passphrase",
      });
    for (let i = 0; i < 5; i++) await changePassword(planner, input(`guess-${i}`));
    expect(await changePassword(planner, input(planner.password))).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 1 second.",
    });
    expect((await checkCredentials({ email: planner.email, password: planner.password }, null)).ok).toBe(false);
  });
});
