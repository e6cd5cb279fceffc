import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers/sign-in";

// Needs the demo data (npm run db:seed): its wedding names read "X & Y ...".
// Planners and admins land on the cockpit (/weddings); vendors on their portal (/vendor, e2e/vendor-portal.spec.ts).

test.describe("home page", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
  });

  test("sends a planner to the weddings cockpit", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/weddings$/);
    await expect(page).toHaveTitle("Weddings · Wedding Planner");
    await expect(page.getByRole("heading", { level: 1, name: "Weddings" })).toBeVisible();

    const table = page.getByRole("table", { name: /weddings/i });
    await expect(table).toBeVisible();
    await expect(table.getByRole("columnheader", { name: /^Date/ })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: /^Invited/ })).toBeVisible();

    // Body rows start with a row header (the wedding name); the header row does not.
    const firstRow = table
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: / & / }) })
      .first();
    await expect(firstRow).toBeVisible();
    // e.g. "12 Jun 2027", as rendered by Intl en-GB dateStyle medium.
    await expect(firstRow.getByRole("cell").first().locator("time")).toHaveText(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/);
    await expect(firstRow.getByRole("cell").first()).toContainText(/\d+ days? (left|ago)|Today/);
    await expect(firstRow.getByText(/^(Planning|Confirmed|Completed|Cancelled)$/)).toBeVisible();
  });

  test("is keyboard navigable from the skip link to the main navigation", async ({ page }) => {
    await page.goto("/");

    await page.keyboard.press("Tab");
    const skipLink = page.getByRole("link", { name: "Skip to content" });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeVisible();

    const nav = page.getByRole("navigation", { name: "Main" });
    const weddings = nav.getByRole("link", { name: "Weddings" });
    await expect(weddings).toHaveAttribute("aria-current", "page");

    // Tab on past the product name to each navigation link, in order.
    for (const name of ["Weddings", "Vendors", "Account"]) {
      const link = nav.getByRole("link", { name });
      for (let presses = 0; presses < 5; presses++) {
        if (await link.evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press("Tab");
      }
      await expect(link).toBeFocused();
    }
  });

  test("the skip link moves focus to the main content", async ({ page }) => {
    await page.goto("/weddings");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });
});
