import { hash, type Algorithm } from "@node-rs/argon2";
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { ownerQuery } from "./db";
import { signIn, submitPassword, totpCode } from "./sign-in";

// Admin accounts of their own for the admin specs: the demo admin's MFA
// enrollment belongs to auth.spec.ts, and specs run in parallel.

const ARGON2ID = 2 as Algorithm;

export type AdminAccount = { email: string; password: string };
export type AccountRole = "admin" | "planner" | "vendor";

/** Runs `run` on the app's database role with the admin settings row-level security reads. */
export async function asDatabaseAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_APP_DATABASE_URL;
  if (!url) throw new Error("E2E_APP_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
    const result = await run(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** An account of a spec's own; a planner or vendor made here has no planner or vendor row. */
export async function createAccount(account: AdminAccount, name: string, role: AccountRole): Promise<void> {
  const passwordHash = await hash(account.password, { algorithm: ARGON2ID });
  await asDatabaseAdmin((client) =>
    client.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(email)) DO NOTHING`,
      [account.email, name, role, passwordHash],
    ),
  );
}

export async function createAdminAccount(account: AdminAccount, name: string): Promise<void> {
  await createAccount(account, name, "admin");
}

/** A first sign-in: an admin (or vendor) must set up two-factor authentication before anything else opens. */
export async function signInAndEnroll(page: Page, account: AdminAccount): Promise<void> {
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/account\/mfa$/);
  const secret = ((await page.getByTestId("mfa-secret").textContent()) ?? "").trim();
  await page.getByLabel("Code from your app").fill(await totpCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page).not.toHaveURL(/\/account\/mfa/);
}

/**
 * Signs in an account that must use MFA, whether or not it is enrolled yet:
 * enrolls it at its first sign-in, or else signs in with the secret stored for
 * it. For the demo vendor, whom several specs share: whichever runs first
 * enrolls it, and if two enroll at once the loser signs in as enrolled.
 */
export async function signInEnrolledOrEnroll(page: Page, account: AdminAccount): Promise<void> {
  await submitPassword(page, account.email, account.password);
  if (new URL(page.url()).pathname === "/account/mfa") {
    const secret = ((await page.getByTestId("mfa-secret").textContent()) ?? "").trim();
    await page.getByLabel("Code from your app").fill(await totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    const saved = page.getByRole("link", { name: "I have saved my recovery codes" });
    const refused = page.getByRole("alert").filter({ hasText: /already on|no longer valid|session has ended/i });
    const outcome = await Promise.race([
      saved.waitFor().then(
        () => "enrolled" as const,
        () => "timeout" as const,
      ),
      refused.waitFor().then(
        () => "refused" as const,
        () => "timeout" as const,
      ),
    ]);
    if (outcome === "enrolled") {
      await saved.click();
      await expect(page).not.toHaveURL(/\/account\/mfa/);
      return;
    }
  } else if (new URL(page.url()).pathname !== "/sign-in/mfa") {
    return;
  }
  const [row] = await ownerQuery<{ mfa_secret: string | null }>(
    `SELECT mfa_secret FROM users WHERE lower(email) = lower($1)`,
    [account.email],
  );
  if (!row?.mfa_secret) throw new Error(`${account.email} has no MFA secret to sign in with.`);
  await signIn(page, account.email, account.password, { totpSecret: row.mfa_secret });
}
