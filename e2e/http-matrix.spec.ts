import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import {
  createAccount,
  createAdminAccount,
  signInAndEnroll,
  signInEnrolledOrEnroll,
  type AdminAccount,
} from "./helpers/admin";
import { ownerQuery } from "./helpers/db";
import { ALLOWED_ADDRESS, cookieHeader, OUTSIDE_ADDRESS, requestFrom } from "./helpers/http";
import { DEMO, signIn } from "./helpers/sign-in";

// Who may ask for what, over plain HTTP with each person's cookies: another
// planner's wedding, a vendor, a planner at /admin, nobody at all, an admin
// action replayed by someone else or from outside the allowlist, and a guest's
// token reaching for another household. A refusal is a 404 (or, signed out,
// the way to sign-in); where the request tried to write, the rows are compared
// before and after.

const ADMIN_PAGES = [
  "/admin/audit",
  "/admin/users",
  "/admin/audit/export",
  "/admin/jobs",
  "/admin/revenue",
  "/admin/health",
];

type Household = { id: number; name: string; token: string | null };
type Wedding = { id: number; households: Household[] };

/** The planner's first wedding that has a guest, with its households and each one's first guest token. */
async function findWedding(plannerEmail: string): Promise<Wedding> {
  const [wedding] = await ownerQuery<{ wedding_id: number }>(
    `SELECT w.wedding_id FROM wedding w
       JOIN planner p USING (planner_id) JOIN users u USING (user_id)
      WHERE lower(u.email) = lower($1) AND EXISTS (SELECT 1 FROM guest g WHERE g.wedding_id = w.wedding_id)
      ORDER BY w.wedding_id LIMIT 1`,
    [plannerEmail],
  );
  if (!wedding) throw new Error(`The e2e database has no wedding with guests for ${plannerEmail}.`);
  const households = await ownerQuery<{ household_id: number; name: string; token: string | null }>(
    `SELECT h.household_id, h.name,
            (SELECT g.qr_code FROM guest g WHERE g.household_id = h.household_id ORDER BY g.guest_id LIMIT 1) AS token
       FROM household h WHERE h.wedding_id = $1 ORDER BY h.household_id`,
    [wedding.wedding_id],
  );
  return {
    id: wedding.wedding_id,
    households: households.map((h) => ({ id: h.household_id, name: h.name, token: h.token })),
  };
}

function tokensOf(wedding: Wedding): string[] {
  return wedding.households.flatMap((household) => (household.token ? [household.token] : []));
}

function withGuests(wedding: Wedding): Household {
  const household = wedding.households.find((h) => h.token);
  if (!household) throw new Error(`Wedding ${wedding.id} has no household with guests.`);
  return household;
}

/** A refused read: 404, and nothing of the other wedding's guest list in the answer. */
async function expectNotFound(request: APIRequestContext, path: string, secrets: string[] = []): Promise<void> {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(404);
  expect(response.headers()["content-type"] ?? "", path).not.toMatch(/^image\//);
  const body = await response.text();
  for (const secret of secrets) expect(body.includes(secret), `${path} shows ${secret}`).toBe(false);
}

/** A context of its own (cookies apart from the test's page), for a second person or a session shared by tests. */
async function openContext(
  browser: Browser,
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

let planner1Wedding: Wedding;
let planner2Wedding: Wedding;

test.beforeAll(async () => {
  planner1Wedding = await findWedding(DEMO.planner1.email);
  planner2Wedding = await findWedding(DEMO.planner2.email);
});

test.describe("planners", () => {
  test("a planner downloads their own QR codes and gets 404 for another planner's", async ({ page }) => {
    const own = planner1Wedding;
    const other = planner2Wedding;
    const ownHousehold = withGuests(own);
    const otherHousehold = withGuests(other);
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);

    const sheet = await page.request.get(`/weddings/${own.id}/qr-sheet`);
    expect(sheet.status()).toBe(200);
    // Each household with guests: its RSVP link and its QR download.
    const html = await sheet.text();
    for (const household of own.households.filter((h) => h.token)) {
      expect(html.includes(`/rsvp/${household.token}`), household.name).toBe(true);
      expect(html.includes(`/weddings/${own.id}/qr/${household.id}?format=png`), household.name).toBe(true);
    }

    for (const format of ["png", "svg"] as const) {
      const file = await page.request.get(`/weddings/${own.id}/qr/${ownHousehold.id}?format=${format}`);
      expect(file.status()).toBe(200);
      expect(file.headers()["content-type"]).toMatch(format === "png" ? /^image\/png$/ : /^image\/svg\+xml(;|$)/);
      expect(file.headers()["content-disposition"]).toMatch(/^attachment; filename=".+"$/);
      if (format === "png") {
        expect((await file.body()).subarray(0, 8)).toEqual(
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        );
      }
    }

    const otherTokens = tokensOf(other);
    await expectNotFound(page.request, `/weddings/${other.id}/qr-sheet`, otherTokens);
    await expectNotFound(page.request, `/weddings/${other.id}/qr/${otherHousehold.id}?format=png`);
    await expectNotFound(page.request, `/weddings/${other.id}/qr/${otherHousehold.id}?format=svg`, otherTokens);
    // The other planner's household under one's own wedding id, and the reverse.
    await expectNotFound(page.request, `/weddings/${own.id}/qr/${otherHousehold.id}?format=png`);
    await expectNotFound(page.request, `/weddings/${other.id}/qr/${ownHousehold.id}?format=png`);
  });

  test("a planner gets 404 on the admin pages", async ({ page }) => {
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    for (const path of [...ADMIN_PAGES, "/admin/audit/1"]) await expectNotFound(page.request, path);
    // The session itself works: the same cookies open the account page.
    expect((await page.request.get("/account", { maxRedirects: 0 })).status()).toBe(200);
  });
});

test("signed out, pages lead to sign-in and the health probe answers", async ({ request, baseURL }) => {
  const cases: [string, string][] = [
    ["/", "/sign-in"],
    ["/admin/audit", "/sign-in?next=%2Fadmin%2Faudit"],
    ["/admin/users", "/sign-in?next=%2Fadmin%2Fusers"],
    [
      `/weddings/${planner1Wedding.id}/qr-sheet`,
      `/sign-in?next=${encodeURIComponent(`/weddings/${planner1Wedding.id}/qr-sheet`)}`,
    ],
  ];
  for (const [path, target] of cases) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    const location = new URL(response.headers()["location"] ?? "", baseURL);
    expect(`${location.pathname}${location.search}`, path).toBe(target);
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test.describe("a vendor", () => {
  test.describe.configure({ mode: "serial" });

  // The demo vendor enrolls MFA once per run, here or in vendor-portal.spec.ts,
  // whichever signs in first; the tests below share this session.
  let vendor: BrowserContext;

  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(60_000);
    const { context, page } = await openContext(browser, testInfo.project.use.baseURL);
    vendor = context;
    await signInEnrolledOrEnroll(page, DEMO.vendor);
  });

  test.afterAll(async () => {
    await vendor?.close();
  });

  test("gets 404 on a planner's QR sheet and QR codes", async () => {
    const wedding = planner1Wedding;
    await expectNotFound(vendor.request, `/weddings/${wedding.id}/qr-sheet`, tokensOf(wedding));
    await expectNotFound(vendor.request, `/weddings/${wedding.id}/qr/${withGuests(wedding).id}?format=png`);
    expect((await vendor.request.get("/account", { maxRedirects: 0 })).status()).toBe(200);
  });

  test("gets 404 on the admin pages", async () => {
    for (const path of ADMIN_PAGES) await expectNotFound(vendor.request, path);
  });
});

type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/**
 * The POST the browser sends for "Disable account": its address, the headers
 * that make it a server action, and its body. The browser's own request is
 * aborted, so the click itself changes nothing.
 */
async function captureDisableAction(page: Page, email: string): Promise<CapturedAction> {
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const sent = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  const row = page
    .getByRole("table", { name: /accounts/i })
    .getByRole("row")
    .filter({ hasText: email });
  page.once("dialog", (dialog) => dialog.accept());
  await row.getByText("Manage").click();
  await row.getByRole("button", { name: "Disable account" }).click();
  const request = await sent;
  const sentHeaders = request.headers();
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "content-type": sentHeaders["content-type"]!,
    "next-action": sentHeaders["next-action"]!,
    origin: new URL(request.url()).origin,
  };
  if (sentHeaders["next-router-state-tree"]) headers["next-router-state-tree"] = sentHeaders["next-router-state-tree"];
  expect(headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  return { url: request.url(), headers, body: request.postDataBuffer()! };
}

type AccountState = { disabled_at: Date | null; session_version: number; updated_at: Date };

async function accountState(email: string): Promise<AccountState> {
  const [row] = await ownerQuery<AccountState>(
    "SELECT disabled_at, session_version, updated_at FROM users WHERE lower(email) = lower($1)",
    [email],
  );
  if (!row) throw new Error(`No account ${email}.`);
  return row;
}

/** The action's answer is the wrapper's refusal, never a success. */
function expectRefusedAction(body: string): void {
  expect(body).toContain('"ok":false');
  expect(body).toContain('"error":"Not found."');
  expect(body).not.toContain('"ok":true');
}

test.describe("an admin's server action replayed over HTTP", () => {
  test.describe.configure({ mode: "serial" });

  const admin: AdminAccount = { email: "matrix-e2e-admin@example.test", password: "matrix-e2e-admin-password" };
  const target: AdminAccount = { email: "matrix-e2e-target@example.test", password: "matrix-e2e-target-password" };
  const secondTarget: AdminAccount = { email: "matrix-e2e-target-2@example.test", password: "matrix-e2e-target-2-pw" };
  let adminContext: BrowserContext;
  let action: CapturedAction;
  let secondAction: CapturedAction;
  let before: AccountState;

  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(60_000);
    await createAdminAccount(admin, "Matrix Admin");
    await createAccount(target, "Matrix Target", "vendor");
    await createAccount(secondTarget, "Matrix Second Target", "vendor");
    const { context, page } = await openContext(browser, testInfo.project.use.baseURL);
    adminContext = context;
    await signInAndEnroll(page, admin);
    await page.route(
      (url) => url.pathname === "/admin/users",
      (route) => (route.request().method() === "POST" ? route.abort() : route.continue()),
    );
    action = await captureDisableAction(page, target.email);
    secondAction = await captureDisableAction(page, secondTarget.email);
    before = await accountState(target.email);
    expect(before.disabled_at).toBeNull();
  });

  test.afterAll(async () => {
    await adminContext?.close();
  });

  test("with a planner's session: Not found, and the account is unchanged", async ({ browser, baseURL }) => {
    const { context, page } = await openContext(browser, baseURL);
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    const response = await context.request.post(action.url, { headers: action.headers, data: action.body });
    expectRefusedAction(await response.text());
    expect(await accountState(target.email)).toEqual(before);
    await context.close();
  });

  test("without a session: Not found, and the account is unchanged", async ({ request }) => {
    const response = await request.post(action.url, { headers: action.headers, data: action.body });
    expectRefusedAction(await response.text());
    expect(await accountState(target.email)).toEqual(before);
  });

  test("from the admin outside the allowlist: 404, and the account is unchanged", async ({ baseURL }) => {
    const cookie = await cookieHeader(adminContext);
    const audit = `${baseURL}/admin/audit`;
    expect((await requestFrom(OUTSIDE_ADDRESS, audit, { headers: { cookie } })).status).toBe(404);
    const allowed = await requestFrom(ALLOWED_ADDRESS, audit, { headers: { cookie } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain("Audit log");

    const refused = await requestFrom(OUTSIDE_ADDRESS, action.url, {
      method: "POST",
      headers: { ...action.headers, cookie },
      body: action.body,
    });
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('"ok":true');
    expect(await accountState(target.email)).toEqual(before);
  });

  test("from the admin at an allowed address, the same request disables the account", async () => {
    const cookie = await cookieHeader(adminContext);
    const response = await requestFrom(ALLOWED_ADDRESS, action.url, {
      method: "POST",
      headers: { ...action.headers, cookie },
      body: action.body,
    });
    expect(response.status).toBe(200);
    expect(response.body).toContain('"ok":true');
    expect(response.body).toContain(`Disabled ${target.email}`);
    const after = await accountState(target.email);
    expect(after.disabled_at).not.toBeNull();
    expect(after.session_version).toBe(before.session_version + 1);
  });

  // A server action is found by its id, whatever the path it is posted to.
  // Posted to a page that does not own it, Next.js forwards it to the page
  // that does with a fetch to http://localhost:<port>; server.ts must keep the
  // first request's address on that second request, or the allowlist would
  // see 127.0.0.1 and let the admin through.
  test("from the admin outside the allowlist, posted to a page outside /admin: the account is unchanged", async ({
    baseURL,
  }) => {
    const secondBefore = await accountState(secondTarget.email);
    const cookie = await cookieHeader(adminContext);
    const response = await requestFrom(OUTSIDE_ADDRESS, `${baseURL}/account`, {
      method: "POST",
      headers: { ...secondAction.headers, cookie },
      body: secondAction.body,
    });
    expect(response.body).not.toContain('"ok":true');
    expect(await accountState(secondTarget.email)).toEqual(secondBefore);
  });
});

type Guest = { guest_id: number; household_id: number; full_name: string; qr_code: string };
type GuestHousehold = { id: number; token: string; guests: Guest[]; eventIds: number[] };

/**
 * Two households of one wedding still taking replies, each with several guests
 * and an unanswered RSVP, sharing an event and no guest name: a forged form
 * can then differ from a real one by the guest id alone.
 */
async function findNeighbours(): Promise<[GuestHousehold, GuestHousehold]> {
  const candidates = await ownerQuery<{ household_id: number; wedding_id: number }>(
    `SELECT h.household_id, h.wedding_id FROM household h JOIN wedding w USING (wedding_id)
      WHERE coalesce(w.rsvp_deadline, w.wedding_date) >= (now() AT TIME ZONE 'UTC')::date
        AND (SELECT count(*) FROM guest g WHERE g.household_id = h.household_id) > 1
        AND EXISTS (SELECT 1 FROM event_rsvp r JOIN guest g USING (guest_id)
                     WHERE g.household_id = h.household_id AND r.status = 'Pending')
        AND NOT EXISTS (SELECT 1 FROM event_rsvp r JOIN guest g USING (guest_id)
                         WHERE g.household_id = h.household_id AND cardinality(r.plus_one_names) > 0)
      ORDER BY h.wedding_id, h.household_id
      LIMIT 20`,
  );
  const ids = candidates.map((c) => c.household_id);
  const guests = await ownerQuery<Guest>(
    `SELECT guest_id, household_id, full_name, qr_code FROM guest WHERE household_id = ANY($1) ORDER BY guest_id`,
    [ids],
  );
  const events = await ownerQuery<{ household_id: number; event_id: number }>(
    `SELECT DISTINCT g.household_id, r.event_id FROM event_rsvp r JOIN guest g USING (guest_id)
       JOIN event e ON e.event_id = r.event_id
      WHERE g.household_id = ANY($1) AND e.status <> 'Cancelled' ORDER BY r.event_id`,
    [ids],
  );
  const households = candidates.map((c) => {
    const members = guests.filter((g) => g.household_id === c.household_id);
    return {
      weddingId: c.wedding_id,
      household: {
        id: c.household_id,
        token: members[0]!.qr_code,
        guests: members,
        eventIds: events.filter((e) => e.household_id === c.household_id).map((e) => e.event_id),
      },
    };
  });
  for (const [i, x] of households.entries()) {
    const names = new Set(x.household.guests.map((g) => g.full_name));
    const y = households
      .slice(i + 1)
      .find(
        (other) =>
          other.weddingId === x.weddingId &&
          other.household.guests.every((g) => !names.has(g.full_name)) &&
          other.household.eventIds.some((id) => x.household.eventIds.includes(id)),
      );
    if (y) return [x.household, y.household];
  }
  throw new Error("The e2e database has no two open households of one wedding to compare.");
}

/** Everything a save could touch for a household: its RSVP rows and its guests' dietary needs. */
async function householdState(householdId: number) {
  const rsvps = await ownerQuery(
    `SELECT r.rsvp_id, r.event_id, r.status, r.meal_choice, r.plus_ones, r.plus_one_names, r.responded_at, r.updated_at
       FROM event_rsvp r JOIN guest g USING (guest_id) WHERE g.household_id = $1 ORDER BY r.rsvp_id`,
    [householdId],
  );
  const guests = await ownerQuery(
    `SELECT guest_id, dietary_preference, updated_at FROM guest WHERE household_id = $1 ORDER BY guest_id`,
    [householdId],
  );
  return { rsvps, guests };
}

/** Adds a field to the RSVP form, as someone editing the page would. */
async function addFormField(page: Page, name: string, value: string): Promise<void> {
  await page.evaluate(
    ([fieldName, fieldValue]) => {
      const form = document.querySelector<HTMLInputElement>('input[name="token"]')!.form!;
      const input = document.createElement("input");
      Object.assign(input, { type: "hidden", name: fieldName, value: fieldValue });
      input.dataset.forged = "true";
      form.append(input);
    },
    [name, value],
  );
}

async function removeForgedFields(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll("input[data-forged]").forEach((input) => input.remove()));
}

test.describe("a guest token", () => {
  let household: GuestHousehold;
  let neighbour: GuestHousehold;

  test.beforeAll(async () => {
    [household, neighbour] = await findNeighbours();
  });

  test("shows its own household and never another one's guests", async ({ page }) => {
    const response = await page.goto(`/rsvp/${household.token}`);
    expect(response?.status()).toBe(200);
    const text = await page.locator("body").innerText();
    for (const guest of household.guests) expect(text).toContain(guest.full_name);
    const html = await response!.text();
    for (const guest of neighbour.guests) {
      expect(text).not.toContain(guest.full_name);
      expect(html).not.toContain(guest.full_name);
      expect(html).not.toContain(guest.qr_code);
      expect(html).not.toContain(`name="dietary:${guest.guest_id}"`);
      expect(html).not.toContain(`name="status:${guest.guest_id}:`);
    }
  });

  test("a save that names another household's guest is refused and changes nothing", async ({ page }) => {
    const ownBefore = await householdState(household.id);
    const neighbourBefore = await householdState(neighbour.id);
    const stranger = neighbour.guests[0]!.guest_id;
    const sharedEvent = neighbour.eventIds.find((id) => household.eventIds.includes(id))!;

    await page.goto(`/rsvp/${household.token}`);
    for (const radio of await page.getByRole("radio", { name: "Decline" }).all()) await radio.check();
    // Resolves once the save action has answered, so the rows are read after it.
    const save = async () => {
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/rsvp/"));
      await page.getByRole("button", { name: "Save answers" }).click();
      await answered;
    };
    const mismatch = page.getByRole("alert").filter({ hasText: "This form does not match your invitation." });

    for (const [name, value] of [
      [`status:${stranger}:${sharedEvent}`, "Declined"],
      [`dietary:${stranger}`, "Forged by another household"],
    ] as const) {
      await addFormField(page, name, value);
      await save();
      await expect(mismatch).toBeVisible();
      expect(await householdState(household.id), name).toEqual(ownBefore);
      expect(await householdState(neighbour.id), name).toEqual(neighbourBefore);
      await removeForgedFields(page);
    }

    // Without the forged field the same answers save: the refusal was about the stranger.
    await save();
    await expect(page.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." })).toBeVisible();
    const ownAfter = await householdState(household.id);
    const answered = ownAfter.rsvps.filter((r) => household.eventIds.includes(r.event_id));
    expect(answered.length).toBeGreaterThan(0);
    for (const rsvp of answered) expect(rsvp.status).toBe("Declined");
    expect(await householdState(neighbour.id)).toEqual(neighbourBefore);
  });
});
