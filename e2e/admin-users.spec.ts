import { expect, test } from "@playwright/test";
import { createAdminAccount, signInAndEnroll } from "./helpers/admin";

// An admin creates an account, is told plainly about a duplicate, and
// disables the account; the change lands in the audit log under their name.

const ADMIN = { email: "users-e2e-admin@example.test", password: "users-e2e-admin-password" };
const NEW_PLANNER = { email: "e2e-new-planner@example.test", name: "Nora E2E Planner" };

test("an admin creates a planner, is refused a duplicate, and disables the account", async ({ page }) => {
  test.setTimeout(90_000);
  await createAdminAccount(ADMIN, "Users Reviewer");
  await signInAndEnroll(page, ADMIN);

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const create = page.getByRole("form", { name: "Create an account" });
  await create.getByLabel("Email").fill(NEW_PLANNER.email);
  await create.getByLabel("Name", { exact: true }).fill(NEW_PLANNER.name);
  await create.getByLabel("Role").selectOption("planner");
  await create.getByLabel("Initial password").fill("short");
  await create.getByRole("button", { name: "Create account" }).click();
  await expect(create.getByText("The password needs at least 12 characters.")).toBeVisible();

  await create.getByLabel("Initial password").fill("a-long-initial-password");
  await create.getByLabel("Company name (optional)").fill("Nora Weddings");
  await create.getByRole("button", { name: "Create account" }).click();
  await expect(create.getByText(`Created planner account ${NEW_PLANNER.email}.`)).toBeVisible();

  await create.getByLabel("Email").fill(NEW_PLANNER.email.toUpperCase());
  await create.getByLabel("Name", { exact: true }).fill("Someone Else");
  await create.getByLabel("Initial password").fill("another-long-password");
  await create.getByRole("button", { name: "Create account" }).click();
  await expect(create.getByText("An account with this email exists").first()).toBeVisible();
  await expect(create.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  await page.goto(`/admin/users?q=${encodeURIComponent(NEW_PLANNER.email)}`);
  const accounts = page.getByRole("table", { name: /accounts/i });
  const row = accounts.getByRole("row").filter({ hasText: NEW_PLANNER.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Nora Weddings");
  await expect(row).toContainText("Active");

  page.once("dialog", (dialog) => dialog.accept());
  await row.getByText("Manage").click();
  await row.getByRole("button", { name: "Disable account" }).click();
  await expect(row.getByText(`Disabled ${NEW_PLANNER.email}; their sessions have ended.`)).toBeVisible();
  await page.reload();
  await expect(accounts.getByRole("row").filter({ hasText: NEW_PLANNER.email })).toContainText("Disabled");

  await page.goto(`/admin/audit?table=users&actor=${encodeURIComponent(ADMIN.email)}`);
  const entries = page.getByRole("table", { name: /audit log entries/i }).getByRole("row");
  await expect(entries.filter({ hasText: "disabled_at" }).first()).toContainText("Users Reviewer");
});
