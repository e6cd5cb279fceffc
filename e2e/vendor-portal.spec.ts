import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signInEnrolledOrEnroll } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// The vendor portal with two people at once: planner1 sends the demo florist
// (Peony & Vine Florals, vendor@demo.wedding) a proposal, the vendor accepts
// it and the planner sees the contract; then they exchange messages and each
// side's unread count moves. Needs the demo data (npm run db:seed).

const VENDOR_NAME = "Peony & Vine Florals";
const RUN = Date.now().toString(36);

type Person = { context: BrowserContext; page: Page };
type Wedding = { id: number; name: string };

let planner: Person;
let vendor: Person;
let wedding: Wedding;

async function open(browser: Browser, baseURL: string | undefined): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

/** planner1's next wedding that has no conversation with the florist yet. */
async function findWedding(): Promise<Wedding> {
  const [row] = await ownerQuery<{ wedding_id: number; wedding_name: string }>(
    `SELECT w.wedding_id, w.wedding_name FROM wedding w
       JOIN planner p USING (planner_id) JOIN users u USING (user_id)
      WHERE u.email = $1 AND w.status IN ('Planning', 'Confirmed') AND w.wedding_date > current_date
        AND NOT EXISTS (SELECT 1 FROM message_thread t JOIN vendor v USING (vendor_id)
                         WHERE t.wedding_id = w.wedding_id AND v.name = $2)
      ORDER BY w.wedding_date, w.wedding_id LIMIT 1`,
    [DEMO.planner1.email, VENDOR_NAME],
  );
  if (!row) throw new Error("The e2e database has no upcoming wedding of planner1 without a florist conversation.");
  return { id: row.wedding_id, name: row.wedding_name };
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function unreadIn(page: Page): Promise<number> {
  const text = (await page.getByTestId("unread-count").textContent()) ?? "";
  const match = /\((\d+) unread\)/.exec(text);
  if (!match) throw new Error(`No unread count in "${text}"`);
  return Number(match[1]);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  wedding = await findWedding();
  planner = await open(browser, testInfo.project.use.baseURL);
  vendor = await open(browser, testInfo.project.use.baseURL);
  await signIn(planner.page, DEMO.planner1.email, DEMO.planner1.password);
  await signInEnrolledOrEnroll(vendor.page, DEMO.vendor);
});

test.afterAll(async () => {
  await planner?.context.close();
  await vendor?.context.close();
});

test("a vendor lands on their portal and sees their bookings, never a guest list", async () => {
  const { page } = vendor;
  await page.goto("/");
  await expect(page).toHaveURL(/\/vendor$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your bookings" })).toBeVisible();
  const portal = page.getByRole("navigation", { name: "Vendor portal" });
  for (const name of ["Bookings", "Proposals", "Messages", "Profile"]) {
    await expect(portal.getByRole("link", { name })).toBeVisible();
  }
  const table = page.getByRole("table");
  for (const column of ["Wedding", "Date", "Venue", "Status"]) {
    await expect(table.getByRole("columnheader", { name: column })).toBeVisible();
  }
  await expect(table.getByRole("rowheader").first()).toContainText(" & ");
  // A planner's pages stay closed to a vendor.
  expect((await page.request.get(`/weddings/${wedding.id}/guests`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await page.request.get(`/weddings/${wedding.id}/vendors`, { maxRedirects: 0 })).status()).toBe(404);
});

test("the planner sends a proposal, the vendor accepts it, and the planner sees the contract", async () => {
  const item = `Bridal bouquet ${RUN}`;

  // The planner: Vendors tab, "Send a proposal" with two lines.
  await planner.page.goto(`/weddings/${wedding.id}`);
  await planner.page
    .getByRole("navigation", { name: "Wedding sections" })
    .getByRole("link", { name: "Vendors" })
    .click();
  await expect(planner.page).toHaveURL(new RegExp(`/weddings/${wedding.id}/vendors$`));
  const send = planner.page.getByRole("form", { name: "Send a proposal" });
  await send.getByLabel("Vendor", { exact: true }).selectOption({ label: `${VENDOR_NAME} (Florist)` });
  await send.getByLabel("Valid until").fill(inDays(14));
  const first = send.getByRole("group", { name: "Line 1" });
  await first.getByLabel("Description").fill(item);
  await first.getByLabel("Quantity").fill("2");
  await first.getByLabel(/Unit price/).fill("120.50");
  await send.getByRole("button", { name: "Add a line" }).click();
  const second = send.getByRole("group", { name: "Line 2" });
  await second.getByLabel("Description").fill("Delivery");
  await second.getByLabel("Quantity").fill("1");
  await second.getByLabel(/Unit price/).fill("30");
  await expect(send.getByText(/^Total:/)).toContainText("271.00");
  await send.getByRole("button", { name: "Send proposal" }).click();
  await expect(
    send.getByRole("status").filter({ hasText: /Sent Peony & Vine Florals a proposal of 271\.00/ }),
  ).toBeVisible();
  const sent = planner.page.getByRole("article").filter({ hasText: item });
  await expect(sent.getByText("Waiting for an answer")).toBeVisible();

  // The vendor: Proposals, accept.
  await vendor.page.goto("/vendor/proposals");
  const offer = vendor.page.getByRole("article").filter({ hasText: item });
  await expect(offer).toContainText(wedding.name);
  await expect(offer.getByRole("row", { name: /Total/ })).toContainText("271.00");
  vendor.page.once("dialog", (dialog) => void dialog.accept());
  await offer.getByRole("button", { name: "Accept proposal" }).click();
  // The answer buttons give way to the contract as soon as the page refreshes.
  await expect(offer.getByRole("region", { name: /^Contract \d+$/ })).toBeVisible();
  await expect(offer.getByRole("button", { name: "Accept proposal" })).toHaveCount(0);

  // The planner sees the contract, and its document.
  await planner.page.reload();
  const accepted = planner.page.getByRole("article").filter({ hasText: item });
  await expect(accepted.locator("header").getByText("Accepted", { exact: true })).toBeVisible();
  const contract = accepted.getByRole("region", { name: /^Contract \d+$/ });
  await expect(contract).toContainText("Active");
  const documentLink = contract.getByRole("link", { name: /^contract-\d+\.txt$/ });
  const href = await documentLink.getAttribute("href");
  const download = await planner.page.request.get(href ?? "");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  const body = await download.text();
  expect(body).toContain(`1. ${item}: 2 x 120.50 = 241.00`);
  expect(body).toContain("Total: 271.00");
});

test("they exchange messages, and each side's unread count changes", async () => {
  const hello = `Hello from the planner ${RUN} <b>not bold</b>`;
  const reply = `Thanks, the vendor here ${RUN}`;

  await vendor.page.goto("/vendor/messages");
  const before = await unreadIn(vendor.page);

  // The planner writes.
  await planner.page.goto(`/weddings/${wedding.id}/vendors`);
  const write = planner.page.getByRole("form", { name: "Write to a vendor" });
  await write.getByLabel("Vendor", { exact: true }).selectOption({ label: `${VENDOR_NAME} (Florist)` });
  await write.getByLabel("Message", { exact: true }).fill(hello);
  await write.getByRole("button", { name: "Send message" }).click();
  await expect(write.getByRole("status").filter({ hasText: `Sent to ${VENDOR_NAME}.` })).toBeVisible();

  // The vendor has one more unread, on this wedding's conversation.
  await vendor.page.reload();
  expect(await unreadIn(vendor.page)).toBe(before + 1);
  const conversation = vendor.page.getByRole("link").filter({ hasText: wedding.name });
  await expect(conversation).toContainText("1 unread");
  await conversation.click();
  await expect(vendor.page.getByRole("heading", { level: 1, name: wedding.name })).toBeVisible();
  // Shown as typed: the markup is text, not bold.
  const shown = vendor.page.getByRole("list", { name: "Messages" }).getByText(hello);
  await expect(shown).toBeVisible();
  await expect(vendor.page.locator("b", { hasText: "not bold" })).toHaveCount(0);
  await vendor.page.getByLabel("Reply to the planner").fill(reply);
  await vendor.page.getByRole("button", { name: "Send message" }).click();
  await expect(vendor.page.getByRole("status").filter({ hasText: "Sent to the planner." })).toBeVisible();
  await expect(vendor.page.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();

  // Read: the vendor's count is back where it was.
  await vendor.page.goto("/vendor/messages");
  expect(await unreadIn(vendor.page)).toBe(before);
  await expect(vendor.page.getByRole("link").filter({ hasText: wedding.name })).not.toContainText("unread");

  // The planner has one unread from the vendor, until they open the conversation.
  await planner.page.reload();
  expect(await unreadIn(planner.page)).toBe(1);
  const thread = planner.page
    .getByRole("list", { name: "Conversations" })
    .getByRole("link", { name: new RegExp(VENDOR_NAME) });
  await expect(thread).toContainText("1 unread");
  await thread.click();
  await expect(planner.page.getByRole("heading", { level: 1, name: VENDOR_NAME })).toBeVisible();
  await expect(planner.page.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();
  await planner.page.goto(`/weddings/${wedding.id}/vendors`);
  expect(await unreadIn(planner.page)).toBe(0);
});
