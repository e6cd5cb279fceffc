import { expect, test } from "@playwright/test";
import { createAdminAccount, signInAndEnroll } from "./helpers/admin";
import { E2E_METRICS_TOKEN } from "./helpers/metrics";

// An admin opens the database health page and sees the live database's
// figures, resets the query statistics, and finds the reset in the audit log
// under their name. Then /api/metrics: closed without the bearer token, and
// with it the latency histogram of the requests just made.

const ADMIN = { email: "health-e2e-admin@example.test", password: "health-e2e-admin-password" };

test("an admin sees real figures on /admin/health, and a statistics reset is audited", async ({ page }) => {
  test.setTimeout(90_000);
  await createAdminAccount(ADMIN, "Health Reviewer");
  await signInAndEnroll(page, ADMIN);

  await page.goto("/admin/health");
  await expect(page.getByRole("heading", { level: 1, name: "Database health" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Database health" }),
  ).toHaveAttribute("aria-current", "page");

  await expect(page.getByTestId("cache-hit-ratio")).toHaveText(/^\d{1,3}\.\d\d %$/);
  const connections = (await page.getByTestId("connections").textContent()) ?? "";
  const [, open, max] = /^(\d+) of (\d+)$/.exec(connections) ?? [];
  expect(Number(open)).toBeGreaterThan(0);
  expect(Number(max)).toBeGreaterThan(Number(open));
  await expect(page.getByTestId("top-query").first()).toBeVisible();

  const alerts = page.getByRole("table", { name: "Alert thresholds (report section 7.3)" });
  await expect(alerts.getByRole("row")).toHaveCount(6);
  await expect(page.getByTestId("alert-replication")).toContainText("no replica");
  await expect(page.getByTestId("alert-cache")).toContainText(/\b(OK|WARN|CRIT)\b/);
  await expect(page.getByTestId("alert-deadlocks")).toContainText("CRIT above 5");
  await expect(page.getByTestId("trend-summary")).toContainText("Over the last 24 hours");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Reset query statistics" }).click();
  await expect(page.getByText("Reset: Query statistics (pg_stat_statements) for this database.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Recent resets" })).toContainText(`Health Reviewer (${ADMIN.email})`);

  await page.goto("/admin/audit?table=db_stats_reset");
  const entries = page.getByRole("table", { name: /audit log entries/i }).getByRole("row");
  await expect(entries.filter({ hasText: "db_stats_reset" }).first()).toContainText("Health Reviewer");
});

test("/api/metrics needs the bearer token and then shows the request histogram", async ({ request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token" } })).status()).toBe(401);

  const probe = await request.get("/api/health");
  expect(probe.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(response.status()).toBe(200);
  const body = await response.text();
  expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} [1-9]/);
  expect(body).toMatch(/db_pool_connections\{pool="main",state="total"\} \d+/);
});
