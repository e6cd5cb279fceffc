import { execFile } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createAdminAccount, signInAndEnroll } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";

// An operator runs `npm run jobs:once`; an admin then sees both jobs' last
// runs on /admin/jobs and the revenue charts, table and "data as of" time on
// /admin/revenue. An admin account of the spec's own: the demo admin's MFA
// enrollment belongs to auth.spec.ts, and specs run in parallel.

const ADMIN = { email: "jobs-e2e-admin@example.test", password: "jobs-e2e-admin-password" };

type Run = { code: number; stdout: string; stderr: string };

function jobsOnce(): Promise<Run> {
  const owner = process.env.E2E_OWNER_DATABASE_URL;
  const app = process.env.E2E_APP_DATABASE_URL;
  if (!owner || !app)
    throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const env = { ...process.env, DATABASE_URL: owner, APP_DATABASE_URL: app };
  return new Promise((resolve) => {
    execFile(
      path.resolve("node_modules/.bin/tsx"),
      [path.resolve("scripts/jobs-once.ts")],
      { env, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) || 1 : 0, stdout, stderr }),
    );
  });
}

test("after jobs:once, an admin sees the job runs and the revenue dashboard", async ({ page }) => {
  test.setTimeout(120_000);
  const run = await jobsOnce();
  expect(run.stderr).not.toContain("failed");
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^✓ partition-maintenance: succeeded/m);
  expect(run.stdout).toMatch(/^✓ refresh-monthly-revenue: succeeded/m);
  const [refresh] = await ownerQuery<{ refreshed_at: Date }>(
    "SELECT refreshed_at FROM matview_refresh WHERE view_name = 'mv_monthly_revenue'",
  );
  expect(refresh).toBeDefined();

  await createAdminAccount(ADMIN, "Jobs Reviewer");
  await signInAndEnroll(page, ADMIN);

  await page.goto("/admin/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Background jobs" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");

  const jobs = page.getByRole("table", { name: /each background job and its last run/i });
  const partitions = jobs.getByTestId("job-partition-maintenance");
  await expect(partitions).toContainText("Partition maintenance");
  await expect(partitions).toContainText("Daily at 03:17 UTC");
  await expect(partitions).toContainText("Succeeded");
  await expect(partitions).toContainText("npm run jobs:once");
  await expect(partitions).toContainText(/current-year index starts \d{4}-01-01/);
  const revenue = jobs.getByTestId("job-refresh-monthly-revenue");
  await expect(revenue).toContainText("Every 15 minutes");
  await expect(revenue).toContainText("Succeeded");
  await expect(revenue).toContainText(/refreshed concurrently in \d+ ms/);

  const history = page.getByRole("table", { name: /^Job runs/ });
  await expect(history.getByRole("row").filter({ hasText: "Refresh monthly revenue" }).first()).toContainText(
    "jobs:once",
  );
  const filters = page.getByRole("form", { name: "Filter job runs" });
  await filters.getByLabel("Status").selectOption("failed");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]status=failed/);
  // Whatever failed before (nothing, on a fresh database), only failed runs are listed.
  const failedRows = page
    .getByRole("table", { name: /^Job runs/ })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  for (const text of await failedRows.allTextContents()) expect(text).toContain("Failed");

  await nav.getByRole("link", { name: "Revenue" }).click();
  await expect(page).toHaveURL(/\/admin\/revenue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Revenue" })).toBeVisible();
  await expect(page.getByTestId("revenue-as-of")).toContainText(/Data as of \d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d UTC/);

  const line = page.getByTestId("revenue-line-chart");
  await expect(line.getByRole("heading", { name: "Revenue per month" })).toBeVisible();
  await expect(line).toContainText(/Revenue in [A-Z]{3} over \d+ months from/);
  await expect(line.locator(".recharts-line-curve")).toHaveCount(1);
  const bars = page.getByTestId("revenue-bar-chart");
  await expect(bars.getByRole("heading", { name: "Revenue per category" })).toBeVisible();
  await expect(bars).toContainText(/per category, largest first: \w+/);
  expect(await bars.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(1);

  const table = page.getByRole("table", { name: /^Revenue in [A-Z]{3} by month and category, rows/ });
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows.first()).toBeVisible();
  await table.getByRole("link", { name: /Revenue.*sort/ }).click();
  await expect(page).toHaveURL(/[?&]sort=total/);

  // Another currency of the demo data, chosen in the form, lands in the address.
  const currency = page.getByLabel("Currency");
  const codes = await currency.locator("option").allTextContents();
  expect(codes.length).toBeGreaterThan(1);
  await currency.selectOption(codes[1]!);
  await page.getByRole("form", { name: "Choose the figures" }).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]currency=${codes[1]}`));
  await expect(
    page.getByRole("table", { name: new RegExp(`^Revenue in ${codes[1]} by month and category`) }),
  ).toBeVisible();
});
