import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Credentials from "./credentials";
import { createTestAccount, expireThrottles, throttleRows, userRows, type TestAccount } from "./test-accounts";

let db: TestDatabase;
let checkCredentials: typeof Credentials.checkCredentials;
let INVALID: string;
let disconnectApp: () => Promise<void>;
let planner: TestAccount;
let disabled: TestAccount;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ checkCredentials, INVALID_CREDENTIALS: INVALID } = await import("./credentials"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  planner = await createTestAccount(db, { email: "Pia@Example.test", password: "pia-password-1", role: "planner" });
  disabled = await createTestAccount(db, {
    email: "dan@example.test",
    password: "dan-password-1",
    role: "planner",
    disabled: true,
  });
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM auth_throttle");
  await db.pool.query("DELETE FROM rate_limit");
});

describe("checkCredentials", () => {
  it("accepts the right password, whatever the email's case, as the app role", async () => {
    const result = await checkCredentials({ email: "pia@example.TEST", password: planner.password }, "192.0.2.1");
    expect(result).toEqual({
      ok: true,
      account: {
        userId: planner.userId,
        email: "pia@example.test",
        role: "planner",
        sessionVersion: 1,
        mfaEnabled: false,
      },
    });
  });

  it("answers a wrong password, an unknown email and a disabled account identically", async () => {
    const wrong = await checkCredentials({ email: planner.email, password: "not-it" }, "192.0.2.1");
    const unknown = await checkCredentials({ email: "nobody@example.test", password: "not-it" }, "192.0.2.1");
    const off = await checkCredentials({ email: disabled.email, password: disabled.password }, "192.0.2.1");
    expect(wrong).toEqual({ ok: false, error: "Email or password is incorrect." });
    expect(unknown).toEqual(wrong);
    expect(off).toEqual(wrong);
  });

  it("takes as long for an unknown email as for a wrong password (argon2 runs either way)", async () => {
    const { DUMMY_PASSWORD_HASH, verifyPassword } = await import("./password-hash");
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const argon2: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so that load from other test files slows both alike.
    for (let i = 0; i < 7; i++) {
      argon2.push(await time(() => verifyPassword(DUMMY_PASSWORD_HASH, "not-it")));
      unknown.push(await time(() => checkCredentials({ email: `nobody-${i}@example.test`, password: "not-it" }, null)));
    }
    // Without the dummy hash an unknown email answers after two quick queries, several times faster than argon2.
    expect(median(unknown)).toBeGreaterThan(median(argon2) * 0.6);
  });

  it("throttles an account after 5 failures, with a wait that doubles, whatever the address", async () => {
    for (let i = 0; i < 5; i++) {
      expect(await checkCredentials({ email: planner.email, password: `wrong-${i}` }, `198.51.100.${i}`)).toEqual({
        ok: false,
        error: INVALID,
      });
    }
    // Even the right password, from a fresh address, waits now.
    const throttled = await checkCredentials({ email: planner.email, password: planner.password }, "203.0.113.50");
    expect(throttled).toEqual({ ok: false, error: "Too many attempts. Try again in 1 second.", retryAfterSeconds: 1 });

    await expireThrottles(db);
    await checkCredentials({ email: planner.email, password: "wrong-again" }, "203.0.113.51");
    expect(await checkCredentials({ email: planner.email, password: planner.password }, null)).toMatchObject({
      ok: false,
      error: "Too many attempts. Try again in 2 seconds.",
      retryAfterSeconds: 2,
    });
    await expireThrottles(db);
    await checkCredentials({ email: planner.email, password: "wrong-again" }, null);
    expect(await checkCredentials({ email: planner.email, password: planner.password }, null)).toMatchObject({
      retryAfterSeconds: 4,
    });
  });

  it("throttles an address after 5 failures across accounts, and only that address", async () => {
    for (let i = 0; i < 5; i++) {
      await checkCredentials({ email: `guess-${i}@example.test`, password: "password" }, "203.0.113.9");
    }
    const blocked = await checkCredentials({ email: planner.email, password: planner.password }, "203.0.113.9");
    expect(blocked).toMatchObject({ ok: false, error: "Too many attempts. Try again in 1 second." });
    const elsewhere = await checkCredentials({ email: planner.email, password: planner.password }, "203.0.113.10");
    expect(elsewhere.ok).toBe(true);
  });

  it("caps attempts per address, right or wrong, at the sign-in rate limit", async () => {
    const { SIGN_IN_RATE_LIMIT } = await import("./credentials");
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.maxHits; i++) {
      const result = await checkCredentials({ email: planner.email, password: planner.password }, "198.51.100.99");
      expect(result.ok).toBe(true);
    }
    const capped = await checkCredentials({ email: planner.email, password: planner.password }, "198.51.100.99");
    expect(capped).toMatchObject({ ok: false, error: `Too many attempts. Try again in 600 seconds.` });
    expect((await checkCredentials({ email: planner.email, password: planner.password }, "198.51.100.98")).ok).toBe(
      true,
    );
  });

  it("limits an IPv6 client by its /64, so rotating addresses does not help", async () => {
    for (let i = 0; i < 5; i++) {
      await checkCredentials({ email: `guess-${i}@example.test`, password: "password" }, `2001:db8:5:6::${i + 1}`);
    }
    const blocked = await checkCredentials({ email: planner.email, password: planner.password }, "2001:db8:5:6::ff");
    expect(blocked.ok).toBe(false);
    expect((await checkCredentials({ email: planner.email, password: planner.password }, "2001:db8:5:7::1")).ok).toBe(
      true,
    );
  });

  it("clears the account's counter on success, but not the address's", async () => {
    for (let i = 0; i < 4; i++) await checkCredentials({ email: planner.email, password: "wrong" }, "192.0.2.77");
    expect(await throttleRows(db)).toEqual([
      { key: "email:pia@example.test", failures: 4 },
      { key: "ip:192.0.2.77", failures: 4 },
    ]);
    expect((await checkCredentials({ email: planner.email, password: planner.password }, "192.0.2.77")).ok).toBe(true);
    expect(await throttleRows(db)).toEqual([{ key: "ip:192.0.2.77", failures: 4 }]);
    // The account starts over: four more failures do not lock it.
    for (let i = 0; i < 4; i++) await checkCredentials({ email: planner.email, password: "wrong" }, null);
    expect((await checkCredentials({ email: planner.email, password: planner.password }, null)).ok).toBe(true);
  });

  it("rejects SQL fragments and 10 000-character inputs cleanly, changing nothing", async () => {
    const before = await userRows(db);
    const hostile = [
      { email: "' OR '1'='1", password: "' OR '1'='1" },
      { email: "pia@example.test'; DROP TABLE users; --", password: planner.password },
      { email: "pia@example.test' --", password: planner.password },
      { email: `${"a".repeat(10_000)}@example.test`, password: planner.password },
      { email: planner.email, password: "x".repeat(10_000) },
      { email: ["pia@example.test"], password: { $ne: "" } },
      undefined,
    ];
    for (const input of hostile) {
      expect(await checkCredentials(input, "192.0.2.200")).toEqual({ ok: false, error: INVALID });
    }
    expect(await throttleRows(db)).toEqual([]);
    expect(await userRows(db)).toEqual(before);
    // A SQL fragment as the password of a real account is just a wrong password.
    expect(await checkCredentials({ email: planner.email, password: "' OR 1=1 --" }, null)).toEqual({
      ok: false,
      error: INVALID,
    });
    expect(await userRows(db)).toEqual(before);
    expect((await checkCredentials({ email: planner.email, password: planner.password }, null)).ok).toBe(true);
  });
});
