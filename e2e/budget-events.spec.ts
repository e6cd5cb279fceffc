import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "./helpers/sign-in";

// A planner keeps the budget and the schedule of one of planner3's weddings:
// adds a budget line and an expense, approves it and sees the spend change;
// adds an event that overlaps another and sees it flagged; subscribes to the
// calendar feed, which works without a session until the link is revoked.
// Everything it creates carries a unique suffix, so reruns and other specs on
// the same database do not collide.

type Wedding = { id: number; currency: string };
type ActiveEvent = { name: string; date: string; start: string; end: string };

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Planner3's latest wedding that has a scheduled or confirmed event (the cockpit specs use earlier ones). */
async function findWedding(): Promise<Wedding & { event: ActiveEvent }> {
  const [row] = await ownerQuery<{
    wedding_id: number;
    currency: string;
    name: string;
    date: string;
    start: string;
    end: string;
  }>(
    `SELECT w.wedding_id, w.currency, e.name, e.event_date::text AS date,
            to_char(e.start_time, 'HH24:MI') AS start, to_char(e.end_time, 'HH24:MI') AS end
       FROM wedding w JOIN planner p USING (planner_id) JOIN users u USING (user_id)
       JOIN event e ON e.wedding_id = w.wedding_id AND e.status IN ('Scheduled', 'Confirmed')
      WHERE lower(u.email) = lower($1)
      ORDER BY w.wedding_date DESC, w.wedding_id DESC, e.event_date, e.start_time, e.event_id
      LIMIT 1`,
    [DEMO.planner3.email],
  );
  if (!row) throw new Error("The e2e database has no wedding with an active event for planner3.");
  return {
    id: row.wedding_id,
    currency: row.currency,
    event: { name: row.name, date: row.date, start: row.start, end: row.end },
  };
}

async function approvedSpend(weddingId: number): Promise<number> {
  const [row] = await ownerQuery<{ cents: string }>(
    `SELECT (coalesce(sum(actual_cost), 0) * 100)::bigint::text AS cents FROM expense
      WHERE wedding_id = $1 AND status = 'Approved'`,
    [weddingId],
  );
  return Number(row!.cents);
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(cents / 100);
}

function total(page: Page, label: string) {
  return page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
}

let wedding: Wedding & { event: ActiveEvent };
const suffix = `${Date.now().toString(36)}`;

test.beforeAll(async () => {
  wedding = await findWedding();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.planner3.email, DEMO.planner3.password);
});

test("a budget line and an approved expense change the spend", async ({ page }) => {
  const category = `E2E Fireworks ${suffix}`;
  const description = `E2E sparklers ${suffix}`;
  await page.goto(`/weddings/${wedding.id}/budget`);
  await expect(page.getByRole("heading", { level: 1, name: "Budget" })).toBeVisible();
  const spentBefore = await approvedSpend(wedding.id);
  await expect(total(page, "Approved spend")).toHaveText(money(spentBefore, wedding.currency));

  const lineForm = page.getByRole("form", { name: "Add a budget line" });
  await lineForm.getByLabel("Category").fill(category);
  await lineForm.getByLabel(/^Budget/).fill("500");
  await lineForm.getByRole("button", { name: "Add budget line" }).click();
  await expect(lineForm.getByRole("status").filter({ hasText: `Added the budget line “${category}”.` })).toBeVisible();
  const categories = page.getByRole("region", { name: "Budget per category" });
  const line = categories.getByRole("row").filter({ hasText: category });
  await expect(line).toContainText(money(50_000, wedding.currency));

  // A negative cost is pointed out next to the field, and what was typed stays.
  const expenseForm = page.getByRole("form", { name: "Add an expense" });
  await expenseForm.getByLabel("Description").fill(description);
  await expenseForm.getByLabel("Category").fill(category);
  await expenseForm.getByLabel(/^Cost/).fill("-5");
  await expenseForm.getByRole("button", { name: "Add expense" }).click();
  await expect(expenseForm.getByLabel(/^Cost/)).toHaveAttribute("aria-invalid", "true");
  await expect(expenseForm.getByText("An amount cannot be negative.")).toBeVisible();
  await expect(expenseForm.getByLabel("Description")).toHaveValue(description);

  await expenseForm.getByLabel(/^Cost/).fill("123.45");
  await expenseForm.getByRole("button", { name: "Add expense" }).click();
  await expect(expenseForm.getByRole("status").filter({ hasText: "it waits for approval" })).toBeVisible();
  const expense = page.getByRole("region", { name: "Expenses" }).getByRole("row").filter({ hasText: description });
  await expect(expense).toContainText("Pending");
  // Pending does not count as spent.
  await expect(total(page, "Approved spend")).toHaveText(money(spentBefore, wedding.currency));

  await expense.getByRole("button", { name: `Approve ${description}` }).click();
  await expect(expense).toContainText("Approved");
  await expect(total(page, "Approved spend")).toHaveText(money(spentBefore + 12_345, wedding.currency));
  await expect(line).toContainText(money(12_345, wedding.currency));
  expect(await approvedSpend(wedding.id)).toBe(spentBefore + 12_345);

  // Back to Pending, and the spend is what it was.
  await expense.getByRole("button", { name: `Back to pending ${description}` }).click();
  await expect(expense).toContainText("Pending");
  await expect(total(page, "Approved spend")).toHaveText(money(spentBefore, wedding.currency));
});

test("an overlapping event is flagged, and the calendar feed works until it is revoked", async ({
  page,
  playwright,
}) => {
  const name = `E2E overlap ${suffix}`;
  await page.goto(`/weddings/${wedding.id}/events`);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();

  const eventForm = page.getByRole("form", { name: "Add an event" });
  await eventForm.getByLabel("Name").fill(name);
  await eventForm.getByLabel("Type").selectOption("Other");
  await eventForm.getByLabel("Date").fill(wedding.event.date);
  await eventForm.getByLabel("Region").fill("Ohrid");
  await eventForm.getByLabel("Starts").fill(wedding.event.start);
  await eventForm.getByLabel("Ends").fill(wedding.event.start);
  await eventForm.getByRole("button", { name: "Add event" }).click();
  // End == start is refused next to the end time.
  await expect(eventForm.getByLabel("Ends")).toHaveAttribute("aria-invalid", "true");
  await expect(eventForm.getByText("The event cannot end when it starts.", { exact: false })).toBeVisible();

  await eventForm.getByLabel("Ends").fill(wedding.event.end);
  await eventForm.getByRole("button", { name: "Add event" }).click();
  await expect(eventForm.getByRole("status").filter({ hasText: `Added the event “${name}”.` })).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
  await expect(card.getByText(`Overlaps with ${wedding.event.name}`, { exact: false })).toBeVisible();
  const other = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: wedding.event.name, exact: true }) });
  await expect(other.getByText(name, { exact: false })).toBeVisible();

  // The calendar link: create (or replace one left by an earlier run).
  page.on("dialog", (dialog) => dialog.accept());
  const createButton = page.getByRole("button", { name: "Create link" });
  if (await createButton.isVisible()) await createButton.click();
  else await page.getByRole("button", { name: "Revoke and create a new link" }).click();
  const urlField = page.getByRole("textbox", { name: "Calendar link", exact: true });
  await expect(urlField).toHaveValue(/\/calendar\/[A-Za-z0-9_-]{32}$/);
  const url = await urlField.inputValue();

  const response = await page.request.get(url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const body = (await response.text()).replace(/\r\n /g, "");
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body).toContain(`SUMMARY:${name}\r\n`);

  // Calendar apps have no session.
  const anonymous = await playwright.request.newContext();
  try {
    const plain = await anonymous.get(url, { maxRedirects: 0 });
    expect(plain.status()).toBe(200);
    expect(await plain.text()).toContain(`SUMMARY:${name}`);

    await page.getByRole("button", { name: "Revoke link" }).click();
    await expect(page.getByRole("button", { name: "Create link" })).toBeVisible();
    expect((await page.request.get(url)).status()).toBe(404);
    expect((await anonymous.get(url, { maxRedirects: 0 })).status()).toBe(404);
  } finally {
    await anonymous.dispose();
  }

  // Cancelling the new event clears the overlap.
  await card.getByRole("button", { name: `Cancel event ${name}` }).click();
  await expect(card.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(other.getByText(name, { exact: false })).toHaveCount(0);
});
