import { verify as verifyPassword } from "@node-rs/argon2";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import { verifyAuditChain } from "@/lib/audit/verify";
import type * as Actions from "./actions";

// The admin users page's server actions, called as the browser calls them
// (FormData in, plain result out), against a real database as the app role.
// Only who is signed in is stubbed: the sign-in work owns sessions.

const session = vi.hoisted(() => ({ identity: null as Identity | null, addressAllowed: true }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => session.addressAllowed }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof Actions;
let disconnectApp: () => Promise<void>;
let adminId: number;
let plannerId: number;
let admin: Identity;

const EMAIL_TAKEN = "An account with this email exists";

function form(fields: Record<string, string | number | boolean>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query<T>(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0];
}

/** Everything an action could change: every audited table writes audit_log; recovery codes are counted apart. */
async function snapshot() {
  return one<{ audit: string; users: string; codes: string; fingerprint: string }>(
    `SELECT (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM mfa_recovery_code) AS codes,
            (SELECT md5(string_agg(u::text, '|' ORDER BY user_id)) FROM users u) AS fingerprint`,
  );
}

async function createAccount(email: string, role: "admin" | "planner" | "vendor", extra: Record<string, string> = {}) {
  return actions.createUserAction(
    null,
    form({ email, name: `Person ${email}`, role, password: "correct horse battery", ...extra }),
  );
}

async function userByEmail(email: string) {
  return one<{ user_id: number; role: string; session_version: number; disabled_at: Date | null }>(
    "SELECT user_id, role, session_version, disabled_at FROM users WHERE lower(email) = lower($1)",
    [email],
  );
}

async function lastActor(): Promise<string> {
  return (await one<{ changed_by: string }>("SELECT changed_by FROM audit_log ORDER BY log_id DESC LIMIT 1"))
    .changed_by;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  actions = await import("./actions");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  adminId = (await db.prisma.user.create({ data: { email: "ada@example.test", name: "Ada Admin", role: "admin" } })).id;
  const planner = await db.prisma.planner.create({
    data: { user: { create: { email: "pia@example.test", name: "Pia Planner", role: "planner" } } },
  });
  plannerId = planner.userId;
  await db.prisma.vendor.createMany({
    data: [
      { name: "Peony & Vine", serviceCategory: "Florist", region: "Ohrid" },
      { name: "Taken Catering", serviceCategory: "Catering", region: "Ohrid", userId: plannerId },
    ],
  });
  admin = { kind: "user", userId: adminId, role: "admin" };
});

beforeEach(() => {
  session.identity = admin;
  session.addressAllowed = true;
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("createUserAction", () => {
  it("creates a planner with an Argon2id password and a planner row, recorded with the admin as actor", async () => {
    const result = await actions.createUserAction(
      null,
      form({
        email: "  New.Planner@Example.TEST ",
        name: " Nina Planner ",
        role: "planner",
        password: "correct horse battery",
        companyName: "Nina Weddings",
      }),
    );
    expect(result).toEqual({ ok: true, message: "Created planner account new.planner@example.test." });
    const row = await one<{
      user_id: number;
      email: string;
      name: string;
      password_hash: string;
      company_name: string;
    }>(
      `SELECT u.user_id, u.email, u.name, u.password_hash, p.company_name
       FROM users u JOIN planner p USING (user_id) WHERE u.email = 'new.planner@example.test'`,
    );
    expect(row).toMatchObject({ name: "Nina Planner", company_name: "Nina Weddings" });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, "correct horse battery")).toBe(true);
    const { rows: audit } = await db.pool.query(
      `SELECT table_name, operation, changed_by, new_values FROM audit_log WHERE changed_by = $1 ORDER BY log_id`,
      [`user:${adminId}`],
    );
    expect(audit.map((a) => [a.table_name, a.operation])).toEqual([
      ["users", "INSERT"],
      ["planner", "INSERT"],
    ]);
    expect(audit[0].new_values).not.toHaveProperty("password_hash");
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");
  });

  it("refuses an email that exists in another case, and changes nothing", async () => {
    const before = await snapshot();
    const result = await createAccount("PIA@example.TEST", "vendor");
    expect(result).toEqual({ ok: false, error: EMAIL_TAKEN, fieldErrors: { email: [EMAIL_TAKEN] } });
    expect(await snapshot()).toEqual(before);
  });

  it("matches emails exactly, not as a LIKE pattern", async () => {
    // As an ILIKE pattern, "p_a" would match the existing "pxa".
    expect((await createAccount("pxa@example.test", "vendor")).ok).toBe(true);
    expect((await createAccount("p_a@example.test", "vendor")).ok).toBe(true);
  });

  it("links a vendor account to a vendor nobody speaks for yet", async () => {
    const vendor = await one<{ vendor_id: number }>("SELECT vendor_id FROM vendor WHERE name = 'Peony & Vine'");
    const result = await createAccount("florist@example.test", "vendor", { vendorId: String(vendor.vendor_id) });
    expect(result.ok).toBe(true);
    const user = await userByEmail("florist@example.test");
    expect(
      (await one<{ user_id: number }>("SELECT user_id FROM vendor WHERE vendor_id = $1", [vendor.vendor_id])).user_id,
    ).toBe(user.user_id);
  });

  it("refuses a vendor that is already linked and rolls the new account back", async () => {
    const vendor = await one<{ vendor_id: number }>("SELECT vendor_id FROM vendor WHERE name = 'Taken Catering'");
    const before = await snapshot();
    const result = await createAccount("second@example.test", "vendor", { vendorId: String(vendor.vendor_id) });
    expect(result).toMatchObject({ ok: false, fieldErrors: { vendorId: [expect.stringContaining("already linked")] } });
    expect(await snapshot()).toEqual(before);
  });

  it("explains each bad field next to it", async () => {
    const before = await snapshot();
    const result = await actions.createUserAction(
      null,
      form({ email: "not-an-email", name: "", role: "guest", password: "short", companyName: "x", vendorId: "3" }),
    );
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: {
        email: ["Enter a valid email address, like name@example.com."],
        name: ["Enter a name."],
        role: ["Choose admin, planner or vendor."],
        password: ["The password needs at least 12 characters."],
      },
    });
    const mismatch = await createAccount("v@example.test", "planner", { vendorId: "3" });
    expect(mismatch).toMatchObject({ fieldErrors: { vendorId: ["Only a vendor account can be linked to a vendor."] } });
    expect(await snapshot()).toEqual(before);
  });

  it("stores a name that looks like SQL as plain text", async () => {
    const name = "Robert'); DROP TABLE users; --";
    const result = await actions.createUserAction(
      null,
      form({ email: "bobby@example.test", name, role: "vendor", password: "'; DROP TABLE audit_log; --" }),
    );
    expect(result.ok).toBe(true);
    expect((await one<{ name: string }>("SELECT name FROM users WHERE email = 'bobby@example.test'")).name).toBe(name);
    expect(Number((await snapshot()).audit)).toBeGreaterThan(0);
  });
});

describe("setUserDisabledAction", () => {
  it("disables an account and ends its sessions; enabling lets it back in", async () => {
    await createAccount("dora@example.test", "vendor");
    const before = await userByEmail("dora@example.test");

    const disabled = await actions.setUserDisabledAction(null, form({ userId: before.user_id, disabled: true }));
    expect(disabled).toEqual({ ok: true, message: "Disabled dora@example.test; their sessions have ended." });
    const after = await userByEmail("dora@example.test");
    expect(after.disabled_at).toBeInstanceOf(Date);
    expect(after.session_version).toBe(before.session_version + 1);
    expect(await lastActor()).toBe(`user:${adminId}`);

    const enabled = await actions.setUserDisabledAction(null, form({ userId: before.user_id, disabled: false }));
    expect(enabled.ok).toBe(true);
    expect((await userByEmail("dora@example.test")).disabled_at).toBeNull();
  });

  it("refuses to let an admin disable themselves", async () => {
    const before = await snapshot();
    const result = await actions.setUserDisabledAction(null, form({ userId: adminId, disabled: true }));
    expect(result).toEqual({ ok: false, error: "You cannot disable your own account." });
    expect(await snapshot()).toEqual(before);
  });

  it("says so for an account that does not exist", async () => {
    const result = await actions.setUserDisabledAction(null, form({ userId: 999_999, disabled: true }));
    expect(result).toEqual({ ok: false, error: "That account does not exist any more." });
  });
});

describe("resetUserMfaAction", () => {
  it("clears the secret, deletes the recovery codes and ends the sessions", async () => {
    await createAccount("mfa@example.test", "vendor");
    const user = await userByEmail("mfa@example.test");
    await db.pool.query("UPDATE users SET mfa_secret = 'JBSWY3DPEHPK3PXP', mfa_enabled_at = now() WHERE user_id = $1", [
      user.user_id,
    ]);
    await db.pool.query("INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES ($1, 'a'), ($1, 'b')", [
      user.user_id,
    ]);

    const result = await actions.resetUserMfaAction(null, form({ userId: user.user_id }));
    expect(result.ok).toBe(true);
    const after = await one<{
      mfa_secret: string | null;
      mfa_enabled_at: Date | null;
      session_version: number;
      codes: string;
    }>(
      `SELECT mfa_secret, mfa_enabled_at, session_version,
              (SELECT count(*) FROM mfa_recovery_code c WHERE c.user_id = u.user_id) AS codes
       FROM users u WHERE user_id = $1`,
      [user.user_id],
    );
    expect(after).toEqual({
      mfa_secret: null,
      mfa_enabled_at: null,
      session_version: user.session_version + 1,
      codes: "0",
    });
    // The secret never reaches the audit trail, not even as the old value.
    const audit = await one<{ old_values: Record<string, unknown> }>(
      "SELECT old_values FROM audit_log WHERE table_name = 'users' AND record_id = $1 ORDER BY log_id DESC LIMIT 1",
      [user.user_id],
    );
    expect(audit.old_values).toHaveProperty("mfa_enabled_at");
    expect(audit.old_values).not.toHaveProperty("mfa_secret");
  });
});

describe("changeUserRoleAction", () => {
  it("makes a vendor a planner: planner row created, vendor link dropped, sessions ended", async () => {
    const vendor = await one<{ vendor_id: number }>(
      "INSERT INTO vendor (name, service_category, region) VALUES ('Lumen', 'Lighting', 'Ohrid') RETURNING vendor_id",
    );
    await createAccount("lumen@example.test", "vendor", { vendorId: String(vendor.vendor_id) });
    const before = await userByEmail("lumen@example.test");

    const result = await actions.changeUserRoleAction(null, form({ userId: before.user_id, role: "planner" }));
    expect(result).toEqual({ ok: true, message: "lumen@example.test is now a planner." });
    const after = await userByEmail("lumen@example.test");
    expect(after).toMatchObject({ role: "planner", session_version: before.session_version + 1 });
    expect((await db.pool.query("SELECT 1 FROM planner WHERE user_id = $1", [before.user_id])).rowCount).toBe(1);
    expect(
      (await one<{ user_id: number | null }>("SELECT user_id FROM vendor WHERE vendor_id = $1", [vendor.vendor_id]))
        .user_id,
    ).toBeNull();
  });

  it("refuses self-demotion and a change to the same role", async () => {
    const before = await snapshot();
    expect(await actions.changeUserRoleAction(null, form({ userId: adminId, role: "planner" }))).toEqual({
      ok: false,
      error: "You cannot change your own role.",
    });
    expect(await actions.changeUserRoleAction(null, form({ userId: plannerId, role: "planner" }))).toEqual({
      ok: false,
      error: "pia@example.test is already a planner.",
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("who may call the actions", () => {
  const calls = () => [
    actions.createUserAction(
      null,
      form({ email: "x@example.test", name: "X", role: "admin", password: "long enough password" }),
    ),
    actions.setUserDisabledAction(null, form({ userId: plannerId, disabled: true })),
    actions.resetUserMfaAction(null, form({ userId: plannerId })),
    actions.changeUserRoleAction(null, form({ userId: plannerId, role: "admin" })),
  ];

  it.each([
    ["a planner", { kind: "user", userId: 2, role: "planner" } as Identity],
    ["a vendor", { kind: "user", userId: 3, role: "vendor" } as Identity],
    ["a guest", { kind: "guest", guestToken: "abc" } as Identity],
    ["nobody", null],
  ])("answers %s 'Not found.' and changes nothing", async (_who, identity) => {
    session.identity = identity;
    const before = await snapshot();
    for (const result of await Promise.all(calls())) expect(result).toEqual({ ok: false, error: "Not found." });
    expect(await snapshot()).toEqual(before);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("answers an admin from an address outside the allowlist 'Not found.'", async () => {
    session.addressAllowed = false;
    const before = await snapshot();
    for (const result of await Promise.all(calls())) expect(result).toEqual({ ok: false, error: "Not found." });
    expect(await snapshot()).toEqual(before);
  });
});

describe("hostile input", () => {
  const sql = "1; DROP TABLE users; --";
  const long = "x".repeat(10_000);
  const show = (value: string) => (value.length > 40 ? `${value.slice(0, 10)}… (${value.length} chars)` : value);
  const valid = { email: "valid@example.test", name: "Valid", role: "vendor", password: "long enough password" };

  it.each(
    [
      ["email", sql],
      ["email", "a' OR '1'='1@example.test"],
      ["email", `${long}@example.test`],
      ["name", long],
      ["name", "   "],
      ["role", "admin' --"],
      ["role", long],
      ["password", long],
      ["companyName", long],
      ["vendorId", sql],
      ["vendorId", "-1"],
      ["vendorId", "99999999999"],
    ].map(([field, value]) => ({ field: field!, value: value!, shown: show(value!) })),
  )("createUser refuses $field=$shown with a field error and changes nothing", async ({ field, value }) => {
    const before = await snapshot();
    const result = await actions.createUserAction(
      null,
      form({ ...valid, role: field === "companyName" ? "planner" : "vendor", [field]: value }),
    );
    expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
    expect(Object.keys((result as { fieldErrors: object }).fieldErrors)).toEqual([field]);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [
      "setUserDisabled userId",
      () => actions.setUserDisabledAction(null, form({ userId: sql, disabled: true })),
      "userId",
    ],
    [
      "setUserDisabled userId (10,000 chars)",
      () => actions.setUserDisabledAction(null, form({ userId: long, disabled: true })),
      "userId",
    ],
    [
      "setUserDisabled disabled",
      () => actions.setUserDisabledAction(null, form({ userId: plannerId, disabled: sql })),
      "disabled",
    ],
    ["resetUserMfa userId", () => actions.resetUserMfaAction(null, form({ userId: "0 OR 1=1" })), "userId"],
    ["resetUserMfa userId", () => actions.resetUserMfaAction(null, form({ userId: "1.5" })), "userId"],
    ["changeUserRole userId", () => actions.changeUserRoleAction(null, form({ userId: sql, role: "admin" })), "userId"],
    ["changeUserRole role", () => actions.changeUserRoleAction(null, form({ userId: plannerId, role: sql })), "role"],
    [
      "changeUserRole role",
      () => actions.changeUserRoleAction(null, form({ userId: plannerId, role: "guest" })),
      "role",
    ],
  ])("%s refuses hostile input with a field error and changes nothing", async (_name, call, field) => {
    const before = await snapshot();
    const result = await call();
    expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
    expect(Object.keys((result as { fieldErrors: object }).fieldErrors)).toEqual([field]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the audit trail after all of it", () => {
  it("still verifies", async () => {
    const client = await db.pool.connect();
    try {
      expect((await verifyAuditChain(client)).ok).toBe(true);
    } finally {
      client.release();
    }
  });
});
