import { expect, test, type Page } from "@playwright/test";
import { asDatabaseAdmin, createAccount } from "./helpers/admin";
import { DEMO, signIn, signOut, submitMfaCode, submitPassword, totpCode } from "./helpers/sign-in";

// Each test signs in as a different demo user, or (admin MFA) is the only spec
// that changes that user; the password change uses an account of its own. Workers run specs in parallel.

async function weddingNames(page: Page): Promise<string[]> {
  const table = page.getByRole("table", { name: /weddings/i });
  await expect(table).toBeVisible();
  return table.getByRole("rowheader").allTextContents();
}

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  const answers: string[] = [];
  for (const [email, password] of [
    [DEMO.planner2.email, "not-the-password"],
    ["nobody@demo.wedding", "not-the-password"],
  ] as const) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "incorrect" });
    await expect(alert).toHaveText("Email or password is incorrect.");
    answers.push((await alert.textContent()) ?? "");
    await expect(page).toHaveURL(/\/sign-in$/);
  }
  expect(answers[0]).toBe(answers[1]);
});

test("pages need a session: signed out, the app sends you to sign in and back", async ({ page }) => {
  await page.goto("/account/password");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fpassword$/);
  await signIn(page, DEMO.planner1.email, DEMO.planner1.password, { next: "/account/password" });
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
});

test("a client cannot choose the address the admin allowlist sees", async ({ request }) => {
  // From 127.0.0.1 (allowed), claiming an outside address: server.ts replaces the
  // claim with the TCP peer, so /admin goes on to sign-in instead of answering 404.
  const response = await request.get("/admin/audit", {
    headers: {
      "x-wedding-client-ip": "203.0.113.1",
      "x-wedding-server-mark": "guessed",
      "x-forwarded-for": "203.0.113.1",
      "x-real-ip": "203.0.113.1",
    },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/sign-in\?next=%2Fadmin%2Faudit$/);
});

test("a planner sees only their own weddings, and no admin pages", async ({ browser }) => {
  const names: string[][] = [];
  for (const planner of [DEMO.planner1, DEMO.planner2]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, planner.email, planner.password);
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
    names.push(await weddingNames(page));
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByText(planner.email)).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    const admin = await page.goto("/admin/audit");
    expect(admin?.status()).toBe(404);
    await context.close();
  }
  const [first, second] = names as [string[], string[]];
  expect(first.length).toBeGreaterThan(0);
  expect(second.length).toBeGreaterThan(0);
  expect(first.filter((name) => second.includes(name))).toEqual([]);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
  await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
  await signOut(page);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("changing the password ends the other sessions, not this one", async ({ browser }) => {
  // An account of this test's own: other specs sign in as the demo planners while this one changes a password.
  const me = { email: `password-change-${Date.now().toString(36)}@e2e.test`, password: "an-original-passphrase-1" };
  await createAccount(me, "Password Changer", "planner");
  await asDatabaseAdmin((client) =>
    client.query("INSERT INTO planner (user_id) SELECT user_id FROM users WHERE lower(email) = lower($1)", [me.email]),
  );
  const newPassword = "a-much-longer-passphrase-3";
  const here = await browser.newContext();
  const elsewhere = await browser.newContext();
  const page = await here.newPage();
  const other = await elsewhere.newPage();
  await signIn(page, me.email, me.password);
  await signIn(other, me.email, me.password);

  await page.goto("/account/password");
  await page.getByLabel("Current password").fill(me.password);
  await page.getByLabel("New password", { exact: true }).fill("too-short");
  await page.getByLabel("Confirm new password").fill("too-short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("Current password").fill(me.password);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
  await other.goto("/");
  await expect(other).toHaveURL(/\/sign-in$/);

  await other.getByLabel("Email").fill(me.email);
  await other.getByLabel("Password", { exact: true }).fill(me.password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "incorrect" })).toHaveText("Email or password is incorrect.");
  await signIn(other, me.email, newPassword);
  await expect(other.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
  await here.close();
  await elsewhere.close();
});

test.describe("admin MFA", () => {
  test.describe.configure({ mode: "serial" });

  test("an admin must enroll, gets 10 recovery codes, and each code works only once", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await expect(page).toHaveURL(/\/account\/mfa$/);
    await expect(page.getByText("Your role requires two-factor authentication.")).toBeVisible();
    // Nothing else opens until enrollment is done.
    await page.goto("/");
    await expect(page).toHaveURL(/\/account\/mfa$/);

    const secret = ((await page.getByTestId("mfa-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    await page.getByLabel("Code from your app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect(page.getByText("That code does not match.")).toBeVisible();
    await page.getByLabel("Code from your app").fill(await totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();

    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
    await signOut(page);

    // The password alone now leads to the MFA step, and nowhere else.
    await submitPassword(page, DEMO.admin.email, DEMO.admin.password);
    await expect(page).toHaveURL(/\/sign-in\/mfa/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\/mfa/);
    await submitMfaCode(page, recoveryCodes[0]!);
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
    await signOut(page);

    // The same recovery code a second time: refused.
    await submitPassword(page, DEMO.admin.email, DEMO.admin.password);
    await expect(page).toHaveURL(/\/sign-in\/mfa/);
    await submitMfaCode(page, recoveryCodes[0]!);
    await expect(page.getByText("That code is not valid.")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\/mfa/);

    // Another unused code, typed loosely, still works; so does the authenticator.
    await submitMfaCode(page, recoveryCodes[1]!.replace("-", " ").toLowerCase());
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
    await signOut(page);
    await signIn(page, DEMO.admin.email, DEMO.admin.password, { totpSecret: secret });
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
  });
});
