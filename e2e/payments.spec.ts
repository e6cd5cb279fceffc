import { expect, test } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "./helpers/sign-in";

// A planner sets up the payment schedule of a booking on planner3's earliest
// upcoming wedding (budget-events.spec.ts takes their latest): adds a deposit
// and an installment, records a partial payment, sees the remaining balance,
// and finds the part of the deposit still open listed as overdue, on the
// wedding's payments page and across their weddings on /payments. The booking
// is made for this run with a vendor of its own, so reruns and other specs on
// the same database do not collide.

type Fixture = { weddingId: number; currency: string; supplier: string; eventDate: string };

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

const suffix = Date.now().toString(36);

async function createFixture(): Promise<Fixture> {
  const supplier = `E2E Harpist ${suffix}`;
  const [wedding] = await ownerQuery<{ wedding_id: number; currency: string; wedding_date: string }>(
    `SELECT w.wedding_id, w.currency, w.wedding_date::text
       FROM wedding w JOIN planner p USING (planner_id) JOIN users u USING (user_id)
      WHERE lower(u.email) = lower($1) AND w.status IN ('Planning', 'Confirmed')
      ORDER BY w.wedding_date, w.wedding_id LIMIT 1`,
    [DEMO.planner3.email],
  );
  if (!wedding) throw new Error("The e2e database has no upcoming wedding for planner3.");
  await ownerQuery(
    `WITH v AS (INSERT INTO vendor (name, service_category, region) VALUES ($1, 'Music', 'Tuscany') RETURNING vendor_id)
     INSERT INTO booking (client_id, wedding_id, vendor_id, event_date, status, total_cost)
     SELECT w.client_id, w.wedding_id, v.vendor_id, w.wedding_date, 'Confirmed', 2000.00 FROM wedding w, v
      WHERE w.wedding_id = $2`,
    [supplier, wedding.wedding_id],
  );
  return { weddingId: wedding.wedding_id, currency: wedding.currency, supplier, eventDate: wedding.wedding_date };
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(cents / 100);
}

let fixture: Fixture;

test.beforeAll(async () => {
  fixture = await createFixture();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.planner3.email, DEMO.planner3.password);
});

test("a planner schedules a booking's payments, records a partial payment and sees what is overdue", async ({
  page,
}) => {
  const { supplier, currency } = fixture;
  await page.goto(`/weddings/${fixture.weddingId}`);
  await page.getByRole("navigation", { name: "Wedding sections" }).getByRole("link", { name: "Payments" }).click();
  await expect(page).toHaveURL(`/weddings/${fixture.weddingId}/payments`);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();

  const card = page.getByRole("region", { name: supplier, exact: true });
  await expect(card.getByText("No schedule yet.")).toBeVisible();

  // A deposit, due on a day already past.
  await card.getByText("Add an installment").click();
  const addForm = card.getByRole("form", { name: "Add an installment" });
  await expect(addForm.getByLabel("Kind")).toHaveValue("deposit");
  await addForm.getByLabel(/^Amount/).fill("500");
  await addForm.getByLabel("Due date").fill("2026-09-01");
  await addForm.getByRole("button", { name: "Add installment" }).click();
  await expect(addForm.getByText(/Added the deposit of 500/)).toBeVisible();

  // An installment 30 days before the event, which would move with it.
  await addForm.getByLabel("Kind").selectOption("installment");
  await addForm.getByLabel(/^Amount/).fill("1000");
  await addForm.getByRole("radio", { name: "Days before the event" }).check();
  await addForm.getByRole("textbox", { name: "Days before the event" }).fill("30");
  await addForm.getByRole("button", { name: "Add installment" }).click();
  await expect(addForm.getByText(/Added the installment of 1000/)).toBeVisible();

  const schedule = card.getByRole("region", { name: `Payment schedule of ${supplier}` });
  const deposit = schedule.getByRole("row").filter({ hasText: "Remove the deposit" });
  await expect(schedule.getByRole("row")).toHaveCount(3);
  await expect(deposit).toContainText("Overdue");
  await expect(schedule.getByRole("row").filter({ hasText: "30 days before the event" })).toContainText(
    money(100_000, currency),
  );

  // A partial payment: 300 of the 500 deposit.
  await card.getByText("Record a payment").click();
  const payForm = card.getByRole("form", { name: "Record a payment" });
  await payForm.getByLabel(/^Amount/).fill("300");
  await payForm.getByLabel("Method (optional)").fill("Bank transfer");
  await payForm.getByRole("button", { name: "Record payment" }).click();
  await expect(payForm.getByText(`Paid so far: 300.00 of 2000.00 ${currency}.`)).toBeVisible();

  const figure = (label: string) => card.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(figure("Total")).toHaveText(money(200_000, currency));
  await expect(figure("Paid")).toHaveText(money(30_000, currency));
  await expect(figure("Remaining")).toHaveText(money(170_000, currency));
  // The deposit is part paid (300 of 500) and still overdue for the rest.
  await expect(deposit).toContainText(`${money(30_000, currency)}${money(20_000, currency)}Overdue`);

  // The 200 still open on the deposit is overdue, on this page…
  const overdue = page.getByRole("region", { name: /^Overdue \(\d+\)$/ });
  const item = overdue.getByRole("listitem").filter({ hasText: `${supplier} · Deposit` });
  await expect(item).toContainText(money(20_000, currency));
  await expect(item).toContainText("Overdue");

  // …and across the planner's weddings, next to the reconciliation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payments" }).click();
  await expect(page).toHaveURL("/payments");
  // Filtered by kind too: with an event date close enough, the installment 30 days before it is overdue as well.
  const across = page
    .getByRole("region", { name: /^Overdue/ })
    .getByRole("listitem")
    .filter({ hasText: `${supplier} · Deposit` });
  await expect(across).toContainText(money(20_000, currency));
  await expect(across.getByRole("link")).toHaveAttribute("href", `/weddings/${fixture.weddingId}/payments`);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("Status", { exact: true }).selectOption("Completed");
  await page.getByLabel("From", { exact: true }).fill(today);
  await page.getByLabel("To", { exact: true }).fill(today);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/payments\\?status=Completed&from=${today}&to=${today}`));
  const row = page
    .getByRole("region", { name: "Payments", exact: true })
    .getByRole("row")
    .filter({ hasText: supplier });
  await expect(row).toContainText(money(30_000, currency));
  await expect(row).toContainText("Bank transfer");
});
