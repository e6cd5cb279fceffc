import { expect, test } from "@playwright/test";
import pg from "pg";
import { asDatabaseAdmin, createAdminAccount, signInAndEnroll } from "./helpers/admin";

// An admin reviews the audit trail: filters it, opens an entry's old → new
// diff and exports CSV. First a guest changes an RSVP, through the app's
// database role with the guest's identity, so there is an UPDATE to look at.

const ADMIN = { email: "audit-e2e-admin@example.test", password: "audit-e2e-admin-password" };

type Fixture = { rsvpId: number; guestName: string };

async function guestDeclines(): Promise<Fixture> {
  // A pending RSVP in a household of several guests: rsvp.spec.ts answers for single guests only.
  const target = await asDatabaseAdmin(async (client) => {
    const { rows } = await client.query<{ rsvp_id: number; qr_code: string; full_name: string }>(
      `SELECT r.rsvp_id, g.qr_code, g.full_name FROM event_rsvp r JOIN guest g USING (guest_id)
        WHERE r.status = 'Pending' AND (SELECT count(*) FROM guest m WHERE m.household_id = g.household_id) > 1
        ORDER BY r.rsvp_id DESC LIMIT 1`,
    );
    return rows[0];
  });
  if (!target) throw new Error("The e2e database has no pending RSVP in a shared household.");
  const client = new pg.Client({ connectionString: process.env.E2E_APP_DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', 'guest', true), set_config('app.guest_token', $1, true)", [
      target.qr_code,
    ]);
    const updated = await client.query(
      "UPDATE event_rsvp SET status = 'Declined', responded_at = now() WHERE rsvp_id = $1",
      [target.rsvp_id],
    );
    await client.query("COMMIT");
    expect(updated.rowCount).toBe(1);
  } finally {
    await client.end();
  }
  return { rsvpId: target.rsvp_id, guestName: target.full_name };
}

test("an admin filters the audit log, reads an entry's diff and exports CSV", async ({ page }) => {
  test.setTimeout(90_000);
  const fixture = await guestDeclines();
  await createAdminAccount(ADMIN, "Audit Reviewer");
  await signInAndEnroll(page, ADMIN);

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("Table").selectOption("event_rsvp");
  await filters.getByLabel("Operation").selectOption("UPDATE");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]table=event_rsvp/);
  await expect(page).toHaveURL(/[?&]op=UPDATE/);

  const table = page.getByRole("table", { name: /audit log entries/i });
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text).toContain("event_rsvp");
  const row = rows.filter({ hasText: `Guest: ${fixture.guestName}` }).filter({ hasText: String(fixture.rsvpId) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTitle(/^guest:\d+$/)).toBeVisible();
  await expect(row).toContainText("status");

  await row.getByRole("link", { name: /Details of entry/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Audit entry #\d+/ })).toBeVisible();
  const diff = page.getByRole("table", { name: "Changed values" });
  const status = diff.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "status", exact: true }) });
  await expect(status.getByRole("cell").nth(0)).toHaveText("Pending");
  await expect(status.getByRole("cell").nth(1)).toHaveText(/Declined$/);

  await page.goBack();
  const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(exportHref).toMatch(/^\/admin\/audit\/export\?.*table=event_rsvp/);
  const response = await page.request.get(exportHref!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const lines = (await response.text()).trim().split("\n");
  expect(lines[0]).toBe(
    "log_id,changed_at,table_name,operation,record_id,actor,actor_name,old_values,new_values,scrubbed_at",
  );
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(",event_rsvp,UPDATE,"))).toBe(true);
  expect(lines.some((line) => line.includes(`,event_rsvp,UPDATE,${fixture.rsvpId},`))).toBe(true);

  // A mangled address still shows the log, with a note about what was ignored.
  await page.goto("/admin/audit?sort=password_hash&page=-1");
  await expect(page.getByText("Part of the address was not understood")).toBeVisible();
  await expect(page.getByText(/Ignored the sort column "password_hash"/)).toBeVisible();
  await expect(page.getByRole("table", { name: /audit log entries/i })).toBeVisible();
});
