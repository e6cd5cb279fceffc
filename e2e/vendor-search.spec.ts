import { expect, test } from "@playwright/test";
import { asDatabaseAdmin, createAccount, signInAndEnroll } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// Vendor search and the vendor portal's profile.
// - A planner searches "floral", sees the match highlighted in the snippet,
//   opens the florist and reaches the booking page of one of their weddings
//   with the vendor chosen.
// - A vendor edits one of their packages, and planners see the change.
// The demo vendor's MFA enrollment belongs to http-matrix.spec.ts, so the
// vendor here is an account and a business of this spec's own, with a unique
// suffix so reruns and parallel specs never collide.

const FLORIST = "Peony & Vine Florals";

type Planner = { email: string; password: string; weddingId: number; weddingName: string };

/** A demo planner with an upcoming wedding still in planning, and that wedding. */
async function plannerWithUpcomingWedding(): Promise<Planner> {
  const planners = [DEMO.planner2, DEMO.planner3, DEMO.planner1];
  const rows = await ownerQuery<{ email: string; wedding_id: number; wedding_name: string }>(
    `SELECT u.email, w.wedding_id, w.wedding_name FROM wedding w
       JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id
      WHERE w.wedding_date >= current_date AND w.status IN ('Planning', 'Confirmed') AND u.email = ANY($1)
      ORDER BY array_position($1, u.email::text), w.wedding_date, w.wedding_id`,
    [planners.map((p) => p.email)],
  );
  const row = rows[0];
  if (!row) throw new Error("The e2e database has no upcoming wedding for a demo planner.");
  const planner = planners.find((p) => p.email === row.email)!;
  return { ...planner, weddingId: row.wedding_id, weddingName: row.wedding_name };
}

test("a planner searches 'floral', sees the match highlighted, opens the florist and books it", async ({ page }) => {
  const planner = await plannerWithUpcomingWedding();
  const [florist] = await ownerQuery<{ vendor_id: number }>(`SELECT vendor_id FROM vendor WHERE name = $1`, [FLORIST]);
  await signIn(page, planner.email, planner.password);

  await page.goto("/vendors");
  const search = page.getByRole("search", { name: "Find vendors" });
  await search.getByLabel("Search").fill("floral");
  await search.getByRole("button", { name: "Search" }).click();
  // A plain GET form: the search is in the address (the empty filters too).
  await page.waitForURL((url) => url.pathname === "/vendors" && url.searchParams.get("q") === "floral");
  await expect(page.getByText(/vendors? found, best match first/)).toBeVisible();

  const card = page.getByRole("list", { name: "Vendors found" }).getByRole("listitem").filter({ hasText: FLORIST });
  await expect(card).toHaveCount(1);
  const snippet = card.getByTestId("vendor-snippet");
  await expect(snippet.locator("mark").first()).toHaveText(/^floral/i);
  // The highlight is markup React made, not HTML from the database.
  expect(await snippet.innerHTML()).not.toMatch(/<(?!\/?(mark|span)\b|!--)/);

  await card.getByRole("link", { name: FLORIST }).click();
  await expect(page).toHaveURL(new RegExp(`/vendors/${florist!.vendor_id}$`));
  await expect(page.getByRole("heading", { level: 1, name: FLORIST })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lakeside floral arch" })).toBeVisible();
  // Withdrawn packages are not offered.
  await expect(page.getByText("Winter dried flowers")).toHaveCount(0);

  const book = page.getByRole("form", { name: "Book for a wedding" });
  await book.getByLabel("Wedding").selectOption(String(planner.weddingId));
  await book.getByRole("button", { name: "Continue to booking" }).click();
  await page.waitForURL((url) => url.pathname === `/weddings/${planner.weddingId}/bookings`);
  expect(new URL(page.url()).searchParams.get("vendor")).toBe(String(florist!.vendor_id));

  // And books the florist, on a day the florist is still free.
  await expect(page.getByLabel("Venue or vendor")).toHaveValue(`vendor:${florist!.vendor_id}`);
  const [free] = await ownerQuery<{ day: string }>(
    `SELECT d::date::text AS day
       FROM generate_series(DATE '2031-01-01' + (random() * 300)::int, DATE '2031-12-31', INTERVAL '1 day') AS d
      WHERE NOT EXISTS (SELECT 1 FROM booking b WHERE b.vendor_id = $1 AND b.event_date = d::date)
      ORDER BY d LIMIT 1`,
    [florist!.vendor_id],
  );
  const form = page.getByRole("form", { name: "New booking" });
  await form.getByLabel("Event date").fill(free!.day);
  await form.getByLabel(/Total cost/).fill("980.00");
  await form.getByRole("button", { name: "Book" }).click();
  await expect(
    form.getByRole("status").filter({ hasText: `Booked Vendor ${FLORIST} for ${free!.day}.` }),
  ).toBeVisible();
  const [saved] = await ownerQuery<{ n: number }>(
    "SELECT count(*)::int AS n FROM booking WHERE vendor_id = $1 AND event_date = $2 AND wedding_id = $3",
    [florist!.vendor_id, free!.day, planner.weddingId],
  );
  expect(saved!.n).toBe(1);
});

test("a planner's nasty search gives a page with a note, never an error page", async ({ page }) => {
  await signIn(page, DEMO.planner2.email, DEMO.planner2.password);
  const nasty = `' & | ! : * ( ) <-> 💐 ${"x".repeat(300)}`;
  await page.goto(`/vendors?q=${encodeURIComponent(nasty)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Vendors" })).toBeVisible();
  await expect(page.getByText("The search was shortened to its first 200 characters.")).toBeVisible();
  await expect(page.getByText("No vendor matches")).toBeVisible();
});

test("a vendor edits a package of their own, and planners see the new price", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const suffix = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const account = { email: `vendor-search-${suffix}@e2e.test`, password: `vendor-search-${suffix}` };
  const business = `Orchid Loft ${suffix}`;
  await createAccount(account, "Orchid Loft", "vendor");
  await asDatabaseAdmin(async (client) => {
    const { rows } = await client.query<{ vendor_id: number }>(
      `INSERT INTO vendor (user_id, name, service_category, region, description)
       SELECT user_id, $2, 'Florist', 'Ohrid', 'Orchid arrangements for lake weddings.' FROM users WHERE email = $1
       RETURNING vendor_id`,
      [account.email, business],
    );
    await client.query(
      `INSERT INTO vendor_package (vendor_id, name, description, price) VALUES ($1, 'Orchid centerpieces', 'Ten tables', 400)`,
      [rows[0]!.vendor_id],
    );
  });

  await signInAndEnroll(page, account);
  await page.goto("/vendor/profile");
  await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  await page.getByText("Edit the package Orchid centerpieces").click();
  const edit = page.getByRole("form", { name: "Edit the package Orchid centerpieces" });
  await edit.getByLabel("Price (EUR)").fill("-5");
  await edit.getByRole("button", { name: "Save package" }).click();
  await expect(edit.getByText("An amount cannot be negative.")).toBeVisible();

  await edit.getByLabel("Price (EUR)").fill("455.50");
  await edit.getByLabel("What is included (optional)").fill("Ten tables of white orchids");
  await edit.getByRole("button", { name: "Save package" }).click();
  await expect(edit.getByText("Saved the package “Orchid centerpieces”.")).toBeVisible();
  await expect(page.getByText("€455.50").first()).toBeVisible();
  const [saved] = await ownerQuery<{ price: string; description: string }>(
    `SELECT p.price::text AS price, p.description FROM vendor_package p JOIN vendor v USING (vendor_id) WHERE v.name = $1`,
    [business],
  );
  expect(saved).toEqual({ price: "455.50", description: "Ten tables of white orchids" });

  // A planner finds it by the new package text, with the new price.
  const context = await browser.newContext();
  try {
    const plannerPage = await context.newPage();
    await signIn(plannerPage, DEMO.planner2.email, DEMO.planner2.password);
    await plannerPage.goto(`/vendors?q=${encodeURIComponent("white orchids")}`);
    const card = plannerPage.getByRole("listitem").filter({ hasText: business });
    await expect(card).toContainText("1 package from €455.50");
    await expect(card.locator("mark").first()).toHaveText(/orchid/i);
  } finally {
    await context.close();
  }
});
