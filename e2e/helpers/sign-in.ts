import { expect, type Page } from "@playwright/test";
import { generate } from "otplib";

// Signing in through the real form, for every spec that needs a session.
//   await signIn(page, "planner1@demo.wedding", "demo-planner-1");
//   await signIn(page, "admin@demo.wedding", "demo-admin-1", { totpSecret });
// Accounts with MFA need totpSecret (or recoveryCode). The demo data has no
// MFA enrolled, so admin and vendor land on the enrollment page instead.

export const DEMO = {
  planner1: { email: "planner1@demo.wedding", password: "demo-planner-1" },
  planner2: { email: "planner2@demo.wedding", password: "demo-planner-2" },
  planner3: { email: "planner3@demo.wedding", password: "demo-planner-3" },
  vendor: { email: "vendor@demo.wedding", password: "demo-vendor-1" },
  admin: { email: "admin@demo.wedding", password: "demo-admin-1" },
} as const;

export type SignInOptions = {
  /** Base32 secret of the account's authenticator, for the MFA step. */
  totpSecret?: string;
  /** A recovery code to use at the MFA step instead of a TOTP code. */
  recoveryCode?: string;
  /** The page to ask for; sign-in returns there. */
  next?: string;
};

const THROTTLED = /Too many attempts\. Try again in (\d+) seconds?\./;

/** The password step only. Resolves once the browser has left /sign-in (to the app, or the MFA step). */
export async function submitPassword(page: Page, email: string, password: string, next?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next.js's route announcer is an alert too; only the form's own messages count.
    const alert = page.getByRole("alert").filter({ hasText: /incorrect|Too many attempts|not available/ });
    // The loser of the race is abandoned, so it must not reject unobserved.
    const outcome = await Promise.race([
      page
        .waitForURL((url) => url.pathname !== "/sign-in")
        .then(
          () => "left" as const,
          () => "timeout" as const,
        ),
      alert.waitFor().then(
        () => "alert" as const,
        () => "timeout" as const,
      ),
    ]);
    if (outcome === "left") return;
    if (outcome === "timeout") throw new Error(`Sign-in as ${email} neither left /sign-in nor showed an error.`);
    const message = (await alert.textContent()) ?? "";
    // Every spec signs in from 127.0.0.1, which shares one per-address limit:
    // sit out a short back-off rather than fail on someone else's wrong password.
    const wait = THROTTLED.exec(message);
    if (wait && attempt < 3 && Number(wait[1]) <= 10) {
      await page.waitForTimeout(Number(wait[1]) * 1000 + 500);
      continue;
    }
    throw new Error(`Sign-in as ${email} failed: ${message}`);
  }
}

export async function submitMfaCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

export function totpCode(secret: string): Promise<string> {
  return generate({ secret });
}

/** Signs in completely, through the MFA step when the account has one. */
export async function signIn(page: Page, email: string, password: string, options: SignInOptions = {}): Promise<void> {
  await submitPassword(page, email, password, options.next);
  if (new URL(page.url()).pathname !== "/sign-in/mfa") return;
  const code = options.recoveryCode ?? (options.totpSecret ? await totpCode(options.totpSecret) : undefined);
  if (!code) throw new Error(`${email} has MFA enrolled: pass totpSecret or recoveryCode to signIn().`);
  await submitMfaCode(page, code);
  if (options.totpSecret && !options.recoveryCode) {
    // A TOTP code is good once: when this account already used the current
    // code (an earlier sign-in in the same 30 s), wait for the next one.
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
      await submitMfaCode(page, await totpCode(options.totpSecret));
    }
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Signs out through the header's button. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
}
