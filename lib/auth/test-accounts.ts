import type { TestDatabase } from "@/lib/test/db";
import { hashPassword } from "./password-hash";

// Accounts for the auth integration tests, created as the database owner.

export type TestAccount = {
  userId: number;
  email: string;
  password: string;
  role: "admin" | "planner" | "vendor";
};

export async function createTestAccount(
  db: TestDatabase,
  input: { email: string; password: string; role: TestAccount["role"]; disabled?: boolean },
): Promise<TestAccount> {
  const user = await db.prisma.user.create({
    data: {
      email: input.email,
      name: input.email.split("@")[0]!,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      disabledAt: input.disabled ? new Date() : null,
    },
    select: { id: true },
  });
  return { userId: user.id, email: input.email, password: input.password, role: input.role };
}

/** Lets every throttled key try again now, as if its back-off had passed. */
export async function expireThrottles(db: TestDatabase): Promise<void> {
  await db.pool.query("UPDATE auth_throttle SET locked_until = now() - interval '1 second'");
}

export async function throttleRows(db: TestDatabase): Promise<{ key: string; failures: number }[]> {
  const { rows } = await db.pool.query<{ key: string; failures: number }>(
    "SELECT key, failures FROM auth_throttle ORDER BY key",
  );
  return rows;
}

export async function userRows(db: TestDatabase) {
  const { rows } = await db.pool.query(
    "SELECT user_id, email, password_hash, session_version, disabled_at, mfa_secret, mfa_enabled_at FROM users ORDER BY user_id",
  );
  return rows;
}
