import { hash, type Algorithm } from "@node-rs/argon2";
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { ownerQuery } from "./db";
import { signIn, submitMfaCode, submitPassword, totpCode } from "./sign-in";

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

/** The TOTP secret stored for an enrolled account, read as the database owner. */
async function storedTotpSecret(email: string): Promise<string> {
  const [row] = await ownerQuery<{ mfa_secret: string | null }>(
    `SELECT mfa_secret FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  if (!row?.mfa_secret) throw new Error(`${email} has no MFA secret to sign in with.`);
  return row.mfa_secret;
}

/**
 * The MFA step of a sign-in (/sign-in/mfa) with the account's TOTP secret. A
 * code is good once, so when another spec signed in as the same account in
 * this 30-second step, it waits for the next code.
 */
async function passMfaStep(page: Page, secret: string): Promise<void> {
  await submitMfaCode(page, await totpCode(secret));
  const refused = page.getByRole("alert").filter({ hasText: /not valid/ });
  const outcome = await Promise.race([
    page
      .waitForURL((url) => !url.pathname.startsWith("/sign-in"))
      .then(
        () => "in" as const,
        () => "timeout" as const,
      ),
    refused.waitFor().then(
      () => "refused" as const,
      () => "timeout" as const,
    ),
  ]);
  if (outcome === "in") return;
  if (outcome === "refused") {
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1_000);
    await submitMfaCode(page, await totpCode(secret));
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/**
 * Signs in an account that must use MFA, whether or not it is enrolled yet:
 * enrolls it at its first sign-in, or else passes the MFA step with the secret
 * stored for it. For the demo vendor, whom several specs share: whichever
 * signs in first enrolls it; if two enroll at once, the loser's session ends
 * and it signs in again as enrolled.
 */
export async function signInEnrolledOrEnroll(page: Page, account: AdminAccount): Promise<void> {
  await submitPassword(page, account.email, account.password);
  const step = new URL(page.url()).pathname;
  if (step === "/sign-in/mfa") {
    await passMfaStep(page, await storedTotpSecret(account.email));
    return;
  }
  if (step !== "/account/mfa") return;
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
  // Someone else enrolled the account in between, which ended this session.
  await signIn(page, account.email, account.password, { totpSecret: await storedTotpSecret(account.email) });
}
