import { expect, test, type Locator, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "./helpers/sign-in";

// A wedding's overview, as planner1 (other specs use other planners' data):
// found from the cockpit, its charts read through their text summaries, and
// screenshots at desktop and phone size kept under test-results/screenshots.
// Fixtures the browser cannot see (which wedding overspends, a guest's RSVP
// token) are read from the seeded database as its owner.

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

const PLANNER1_WEDDINGS = `
  SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id
  WHERE u.email = $1`;

type Showcase = {
  wedding_id: number;
  wedding_name: string;
  categories: number;
  events: number;
  payments: number;
  approved: number;
};

/** Planner1's over-budget wedding: it has every part of the overview to show, the alert included. */
async function findShowcase(): Promise<Showcase> {
  const rows = await ownerQuery<Showcase>(
    `SELECT w.wedding_id, w.wedding_name,
            (SELECT count(DISTINCT category) FROM budget b WHERE b.wedding_id = w.wedding_id)::int AS categories,
            (SELECT count(*) FROM event e WHERE e.wedding_id = w.wedding_id
                AND e.status IN ('Scheduled', 'Confirmed'))::int AS events,
            (SELECT count(*) FROM payment y WHERE y.wedding_id = w.wedding_id AND y.payment_status = 'Pending')::int
              AS payments,
            (SELECT count(*) FROM expense x WHERE x.wedding_id = w.wedding_id AND x.status = 'Approved')::int AS approved
       FROM wedding w
      WHERE w.wedding_id IN (${PLANNER1_WEDDINGS})
        AND (SELECT coalesce(sum(actual_cost), 0) FROM expense x WHERE x.wedding_id = w.wedding_id AND x.status = 'Approved')
          > (SELECT coalesce(sum(budget_amount), 0) FROM budget b WHERE b.wedding_id = w.wedding_id)
      ORDER BY w.wedding_date LIMIT 1`,
    [DEMO.planner1.email],
  );
  if (!rows[0]) throw new Error("The e2e database has no over-budget wedding for planner1.");
  return rows[0];
}

async function openOverviewFromCockpit(page: Page, wedding: Showcase) {
  await page.goto("/weddings");
  await page.getByRole("searchbox", { name: "Search" }).fill(wedding.wedding_name);
  await page.getByRole("button", { name: "Apply" }).click();
  await page
    .getByRole("table", { name: /^Weddings/ })
    .getByRole("link", { name: wedding.wedding_name, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/weddings/${wedding.wedding_id}$`));
  await expect(page.getByRole("heading", { level: 1, name: wedding.wedding_name })).toBeVisible();
}

/** The body rows of a table, without its header row. */
function bodyRows(table: Locator): Locator {
  return table.locator("tbody tr");
}

async function waitForCharts(page: Page) {
  // ResponsiveContainer draws once it has measured its box.
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.locator(".recharts-responsive-container")).toHaveCount(2);
}

let showcase: Showcase;

test.beforeAll(async () => {
  showcase = await findShowcase();
});

test.describe("at desktop size", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("a planner finds a wedding in the cockpit and sees its budget, replies, timeline and payments", async ({
    page,
  }) => {
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    await openOverviewFromCockpit(page, showcase);

    const tabs = page.getByRole("navigation", { name: "Wedding sections" });
    await expect(tabs.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    for (const [name, path] of [
      ["Guests", "guests"],
      ["Budget", "budget"],
      ["Events", "events"],
      ["Outbox", "outbox"],
      ["QR codes", "qr-sheet"],
    ]) {
      await expect(tabs.getByRole("link", { name })).toHaveAttribute(
        "href",
        `/weddings/${showcase.wedding_id}/${path}`,
      );
    }

    const alert = page.getByRole("alert").filter({ hasText: "Over budget by" });
    await expect(alert).toBeVisible();
    // The five largest show at once; the rest open on demand, and together they are every approved expense.
    const expenses = alert.getByRole("list", { name: "Approved expenses to review, largest first" });
    await expect(expenses.getByRole("listitem")).toHaveCount(Math.min(5, showcase.approved));
    if (showcase.approved > 5) {
      await alert.getByText(`Show ${showcase.approved - 5} more`).click();
      const more = alert.getByRole("list", { name: "More approved expenses" });
      await expect(more.getByRole("listitem")).toHaveCount(showcase.approved - 5);
    }

    const budget = page.getByRole("region", { name: "Budget and spend" });
    await expect(budget).toContainText(/approved of .*\(\d[\d.,]*% spent\)/);
    const budgetSummary = budget.getByRole("table", { name: "Budget and approved spend per category" });
    await expect(bodyRows(budgetSummary)).toHaveCount(showcase.categories);
    await expect(bodyRows(budgetSummary).filter({ hasText: /Yes$/ }).first()).toBeAttached();

    const replies = page.getByRole("region", { name: "RSVP replies" });
    const funnel = replies.getByRole("table", { name: "RSVP replies per event" });
    await expect(bodyRows(funnel)).toHaveCount(showcase.events);

    const timeline = page.getByRole("list", { name: "Timeline of events" });
    await expect(timeline.getByRole("listitem")).toHaveCount(showcase.events);

    const payments = page.getByRole("region", { name: "Payments" });
    await expect(payments.getByRole("heading", { name: /^Overdue \(\d+\)$/ })).toBeVisible();
    await expect(payments.getByRole("heading", { name: /^Upcoming \(\d+\)$/ })).toBeVisible();
    await expect(payments.getByRole("listitem")).toHaveCount(showcase.payments);

    await waitForCharts(page);
    await page.screenshot({ path: "test-results/screenshots/overview-desktop.png", fullPage: true });
  });

  test("an unknown, malformed or other planner's wedding is not found", async ({ page }) => {
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    const [foreign] = await ownerQuery<{ wedding_id: number }>(
      `SELECT wedding_id FROM wedding WHERE wedding_id NOT IN (${PLANNER1_WEDDINGS}) ORDER BY wedding_id LIMIT 1`,
      [DEMO.planner1.email],
    );
    for (const id of [String(foreign!.wedding_id), "999999", "abc", "1e3", "-1"]) {
      const response = await page.goto(`/weddings/${id}`);
      expect(response?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the overview stacks its cards and fits the screen", async ({ page }) => {
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    await page.goto(`/weddings/${showcase.wedding_id}`);
    await expect(page.getByRole("heading", { level: 1, name: showcase.wedding_name })).toBeVisible();
    await waitForCharts(page);

    const budget = await page.getByRole("region", { name: "Budget and spend" }).boundingBox();
    const replies = await page.getByRole("region", { name: "RSVP replies" }).boundingBox();
    expect(budget && replies).toBeTruthy();
    expect(Math.abs(budget!.x - replies!.x)).toBeLessThan(2);
    expect(replies!.y).toBeGreaterThan(budget!.y + budget!.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.screenshot({ path: "test-results/screenshots/overview-phone.png", fullPage: true });
  });
});

type Invitee = { token: string; full_name: string; wedding_id: number; event_id: number; event_name: string };

/**
 * A guest of planner1 who answers alone, has not answered anything yet, at a
 * wedding still taking replies. Picked from the highest ids: the RSVP spec
 * takes its guests from the lowest.
 */
async function findInvitee(): Promise<Invitee & { events: { name: string; event_type: string }[] }> {
  const [invitee] = await ownerQuery<Invitee>(
    `SELECT g.qr_code AS token, g.full_name, g.wedding_id, e.event_id, e.name AS event_name
       FROM guest g
       JOIN wedding w ON w.wedding_id = g.wedding_id
       JOIN event_rsvp r ON r.guest_id = g.guest_id
       JOIN event e ON e.event_id = r.event_id AND e.status IN ('Scheduled', 'Confirmed')
      WHERE g.wedding_id IN (${PLANNER1_WEDDINGS})
        AND w.rsvp_deadline >= (now() AT TIME ZONE 'UTC')::date
        AND (SELECT count(*) FROM guest m WHERE m.household_id = g.household_id) = 1
        AND NOT EXISTS (SELECT 1 FROM event_rsvp a WHERE a.guest_id = g.guest_id AND a.status <> 'Pending')
        AND (SELECT count(*) FROM event x WHERE x.wedding_id = e.wedding_id AND x.name = e.name) = 1
      ORDER BY g.guest_id DESC, e.event_date, e.start_time
      LIMIT 1`,
    [DEMO.planner1.email],
  );
  if (!invitee) throw new Error("The e2e database has no unanswered single-guest invitation of planner1.");
  const events = await ownerQuery<{ name: string; event_type: string }>(
    `SELECT e.name, e.event_type::text FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
      WHERE r.guest_id = (SELECT guest_id FROM guest WHERE qr_code = $1) AND e.status <> 'Cancelled'`,
    [invitee.token],
  );
  return { ...invitee, events };
}

const MEAL_EVENTS = new Set(["Reception", "Rehearsal", "Dinner", "Brunch"]);

async function readReplies(page: Page, eventName: string): Promise<{ accepted: number; pending: number }> {
  const row = page
    .getByRole("table", { name: "RSVP replies per event" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: eventName, exact: true }) });
  const cells = (await row.getByRole("cell").allTextContents()).map((text) => Number(text.replace(/,/g, "")));
  // Invited, Accepted, Declined, Pending.
  expect(cells).toHaveLength(4);
  return { accepted: cells[1]!, pending: cells[3]! };
}

test("a guest answers through /rsvp/[token] and the planner's RSVP chart updates", async ({ page, browser }) => {
  const invitee = await findInvitee();
  await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
  await page.goto(`/weddings/${invitee.wedding_id}`);
  const before = await readReplies(page, invitee.event_name);
  expect(before.pending).toBeGreaterThan(0);

  // The guest has no account: a browser of their own, without the planner's session.
  const guestContext = await browser.newContext();
  try {
    const guest = await guestContext.newPage();
    await guest.goto(`/rsvp/${invitee.token}`);
    for (const event of invitee.events) {
      const group = guest.getByRole("group", { name: event.name, exact: true });
      await group.getByRole("radio", { name: "Accept" }).check();
      if (MEAL_EVENTS.has(event.event_type)) {
        await group.getByLabel(`Meal for ${invitee.full_name}`).selectOption("Vegetarian");
      }
    }
    await guest.getByRole("button", { name: "Save answers" }).click();
    await expect(guest.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." })).toBeVisible();
  } finally {
    await guestContext.close();
  }

  await page.reload();
  const after = await readReplies(page, invitee.event_name);
  expect(after).toEqual({ accepted: before.accepted + 1, pending: before.pending - 1 });
});
