import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "./helpers/sign-in";

// The weddings cockpit, as planner1 (other specs use other planners' data).
// The expected orders come from the seeded database itself, read as its
// owner, so the browser's idea of alphabetical order never decides.

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

type Wedding = { wedding_id: number; wedding_name: string; couple: string; over_budget: boolean };

let weddings: Wedding[];

test.beforeAll(async () => {
  weddings = await ownerQuery<Wedding>(
    `SELECT w.wedding_id, w.wedding_name, c.name AS couple,
            (SELECT coalesce(sum(actual_cost), 0) FROM expense x WHERE x.wedding_id = w.wedding_id AND x.status = 'Approved')
              > (SELECT coalesce(sum(budget_amount), 0) FROM budget b WHERE b.wedding_id = w.wedding_id) AS over_budget
       FROM wedding w JOIN client c USING (client_id) JOIN planner p ON p.planner_id = w.planner_id
       JOIN users u ON u.user_id = p.user_id
      WHERE u.email = $1
      ORDER BY w.wedding_id`,
    [DEMO.planner1.email],
  );
  expect(weddings.length).toBeGreaterThan(2);
});

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
});

function table(page: Page) {
  return page.getByRole("table", { name: /^Weddings/ });
}

/** The wedding names of the rows shown, top to bottom. */
async function shownNames(page: Page): Promise<string[]> {
  return table(page).getByRole("rowheader").getByRole("link").allTextContents();
}

/** The names of these weddings (all of planner1's by default) in PostgreSQL's order. */
async function orderedNames(orderBy: string, among: Wedding[] = weddings): Promise<string[]> {
  const rows = await ownerQuery<{ wedding_name: string }>(
    `SELECT w.wedding_name FROM wedding w JOIN client c USING (client_id) WHERE w.wedding_id = ANY($1::int[])
      ORDER BY ${orderBy}`,
    [among.map((w) => w.wedding_id)],
  );
  return rows.map((r) => r.wedding_name);
}

test("sorting and searching change the address and the rows", async ({ page }) => {
  await page.goto("/weddings");
  await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();
  await expect.poll(() => shownNames(page)).toEqual(await orderedNames("w.wedding_date, w.wedding_id"));

  const coupleHeader = table(page).getByRole("columnheader", { name: /^Couple/ });
  await coupleHeader.getByRole("link").click();
  await expect(page).toHaveURL(/\/weddings\?sort=couple$/);
  await expect(coupleHeader).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => shownNames(page)).toEqual(await orderedNames("c.name, w.wedding_id"));

  await coupleHeader.getByRole("link").click();
  await expect(page).toHaveURL(/\/weddings\?sort=couple&dir=desc$/);
  await expect(coupleHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => shownNames(page)).toEqual(await orderedNames("c.name DESC, w.wedding_id DESC"));

  const target = weddings[1]!;
  await page.getByRole("searchbox", { name: "Search" }).fill(target.wedding_name);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(target.wedding_name);
  await expect(page).toHaveURL(/[?&]sort=couple/);
  await expect.poll(() => shownNames(page)).toEqual([target.wedding_name]);

  await page.getByRole("searchbox", { name: "Search" }).fill("no wedding is called this");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("heading", { name: "No wedding matches" })).toBeVisible();
  await page.getByRole("link", { name: "Show every wedding" }).click();
  await expect(page).toHaveURL(/\/weddings$/);
  await expect.poll(async () => (await shownNames(page)).length).toBe(weddings.length);
});

test("a bookmarked address restores the view, and a bad part of it is pointed out", async ({ page }) => {
  const target = weddings[0]!;
  const surname = target.couple.split(" ").at(-1)!;
  const expected = weddings.filter((w) =>
    `${w.wedding_name} ${w.couple}`.toLowerCase().includes(surname.toLowerCase()),
  );
  await page.goto(`/weddings?q=${encodeURIComponent(surname)}&sort=name&dir=desc&size=10`);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(surname);
  await expect(page.getByLabel("Rows per page")).toHaveValue("10");
  await expect(table(page).getByRole("columnheader", { name: /^Wedding/ })).toHaveAttribute("aria-sort", "descending");
  await expect
    .poll(() => shownNames(page))
    .toEqual(await orderedNames("w.wedding_name DESC, w.wedding_id DESC", expected));

  await page.goto("/weddings?sort=wedding_date%3B%20DROP%20TABLE%20wedding&page=0");
  const notes = page.getByRole("status").filter({ hasText: "Part of the address was not understood" });
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Ignored the sort column "wedding_date; DROP TABLE wedding"');
  await expect(notes).toContainText('Ignored the page number "0"');
  await expect(table(page).getByRole("columnheader", { name: /^Date/ })).toHaveAttribute("aria-sort", "ascending");
});

test("an over-budget wedding shows its badge, and the filter finds it", async ({ page }) => {
  const over = weddings.filter((w) => w.over_budget);
  expect(over.length).toBeGreaterThan(0);
  await page.goto("/weddings");
  for (const wedding of weddings) {
    const row = table(page)
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: wedding.wedding_name, exact: true }) });
    await expect(row.getByText("Over budget", { exact: true })).toHaveCount(wedding.over_budget ? 1 : 0);
  }

  await page.getByLabel("Over budget only").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]over=1/);
  await expect.poll(() => shownNames(page)).toEqual(await orderedNames("w.wedding_date, w.wedding_id", over));
  await expect(page.getByLabel("Over budget only")).toBeChecked();

  await table(page).getByRole("link", { name: over[0]!.wedding_name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/weddings/${over[0]!.wedding_id}$`));
  await expect(page.getByRole("heading", { level: 1, name: over[0]!.wedding_name })).toBeVisible();
});
