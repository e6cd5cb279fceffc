import { spawn } from "node:child_process";
import net from "node:net";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { signInAndEnroll, createAdminAccount } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";
import { ALLOWED_ADDRESS, cookieHeader, requestFrom, type RawResponse } from "./helpers/http";
import { DEMO, signIn } from "./helpers/sign-in";

// Web security basics over real HTTP and in the browser: the security headers
// and a nonce-based CSP under which every main page still hydrates with no
// violation; server actions refuse a foreign Origin; the session and CSRF
// cookies' attributes; and a server whose database refuses it shows neither
// the password nor a stack, in its pages or its logs.

type Fixture = { weddingId: number; rsvpToken: string; calendarToken: string | null };

let fixture: Fixture;

test.beforeAll(async () => {
  const [row] = await ownerQuery<{ wedding_id: number; qr_code: string }>(
    `SELECT w.wedding_id, g.qr_code FROM wedding w
       JOIN planner p USING (planner_id) JOIN users u USING (user_id)
       JOIN guest g ON g.wedding_id = w.wedding_id
      WHERE lower(u.email) = lower($1) AND w.rsvp_deadline >= (now() AT TIME ZONE 'UTC')::date
      ORDER BY w.wedding_id, g.guest_id LIMIT 1`,
    [DEMO.planner1.email],
  );
  if (!row) throw new Error("The e2e database has no open wedding with guests for planner1.");
  fixture = { weddingId: row.wedding_id, rsvpToken: row.qr_code, calendarToken: null };
});

function cspDirectives(header: string | string[] | undefined): Map<string, string> {
  expect(typeof header, "Content-Security-Policy").toBe("string");
  return new Map(
    (header as string).split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );
}

function nonceOf(csp: Map<string, string>): string {
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp.get("script-src") ?? "");
  expect(match, "script-src has a nonce").not.toBeNull();
  return match![1]!;
}

test.describe("headers", () => {
  test("pages get a strict CSP with a fresh nonce that Next.js puts on its scripts", async ({ baseURL }) => {
    const first = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/sign-in`);
    const second = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/sign-in`);
    expect(first.status).toBe(200);
    const csp = cspDirectives(first.headers["content-security-policy"]);
    const nonce = nonceOf(csp);
    expect(nonceOf(cspDirectives(second.headers["content-security-policy"]))).not.toBe(nonce);

    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp.get("style-src")).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    // Plain http here: no upgrade, no HSTS.
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect(first.headers["strict-transport-security"]).toBeUndefined();

    // Every script tag in the page carries this response's nonce, and no other.
    const scripts = [...first.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    expect(first.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(first.headers["x-content-type-options"]).toBe("nosniff");
    expect(first.headers["x-frame-options"]).toBe("DENY");
    expect(first.headers["permissions-policy"]).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  });

  test("pages whose URL is a credential send no referrer, and carry the CSP", async ({ baseURL }) => {
    const rsvp = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/rsvp/${fixture.rsvpToken}`);
    expect(rsvp.status).toBe(200);
    expect(rsvp.headers["referrer-policy"]).toBe("no-referrer");
    nonceOf(cspDirectives(rsvp.headers["content-security-policy"]));

    const unknown = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/rsvp/not-a-real-token`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers["referrer-policy"]).toBe("no-referrer");

    const calendar = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/calendar/not-a-real-token`);
    expect(calendar.status).toBe(404);
    expect(calendar.headers["referrer-policy"]).toBe("no-referrer");
  });

  test("static files, the health probe and next-auth's routes get the other headers", async ({ baseURL }) => {
    const page = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/sign-in`);
    const script = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script, "a static script in the sign-in page").toBeTruthy();
    const responses: [string, RawResponse][] = [
      [script!, await requestFrom(ALLOWED_ADDRESS, `${baseURL}${script}`)],
      ["/api/health", await requestFrom(ALLOWED_ADDRESS, `${baseURL}/api/health`)],
      ["/api/auth/csrf", await requestFrom(ALLOWED_ADDRESS, `${baseURL}/api/auth/csrf`)],
    ];
    for (const [path, response] of responses) {
      expect(response.status, path).toBe(200);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
      expect(response.headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      expect(response.headers["permissions-policy"], path).toContain("camera=()");
      expect(response.headers["strict-transport-security"], path).toBeUndefined();
    }
  });
});

/** Collects CSP violations a page reports, as events in the page and as console messages. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) messages.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const store = window as unknown as { cspViolations?: string[] };
      store.cspViolations = [...(store.cspViolations ?? []), `${event.violatedDirective} ${event.blockedURI}`];
    });
  });
  return async () => {
    const events = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
    return [...messages, ...events];
  };
}

/** Opens a page and waits until React has hydrated it (hydration puts React's own keys on the DOM nodes). */
async function openHydrated(page: Page, path: string, heading: RegExp | string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
  await expect(page.getByRole("heading", { level: 1, name: heading }).first(), path).toBeVisible();
  await page.waitForFunction(
    () => {
      const main = document.querySelector("main");
      return !!main && Object.keys(main).some((key) => key.startsWith("__react"));
    },
    undefined,
    { timeout: 10_000 },
  );
}

test.describe("in the browser", () => {
  test("a planner's pages hydrate with no CSP violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
    const id = fixture.weddingId;
    const pages: [string, RegExp | string][] = [
      ["/weddings", "Weddings"],
      [`/weddings/${id}`, /.+/],
      [`/weddings/${id}/guests`, "Guests"],
      [`/weddings/${id}/budget`, "Budget"],
      [`/weddings/${id}/events`, "Events"],
      ["/weddings/2147483647", /not found/i],
    ];
    const seen: string[] = [];
    for (const [path, heading] of pages) {
      await openHydrated(page, path, heading);
      seen.push(...(await violations()).map((v) => `${path}: ${v}`));
    }
    // The overview's charts drew (recharts renders SVG with style attributes).
    await page.goto(`/weddings/${id}`);
    await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
    seen.push(...(await violations()).map((v) => `overview charts: ${v}`));
    expect(seen).toEqual([]);
  });

  test("the sign-in and RSVP pages hydrate with no CSP violation, signed out", async ({ page }) => {
    const violations = await watchCsp(page);
    const seen: string[] = [];
    for (const [path, heading] of [
      ["/sign-in", /sign in/i],
      [`/rsvp/${fixture.rsvpToken}`, /.+/],
      ["/rsvp/not-a-real-token", /not found|no longer|invitation/i],
    ] as [string, RegExp][]) {
      await openHydrated(page, path, heading);
      seen.push(...(await violations()).map((v) => `${path}: ${v}`));
    }
    expect(seen).toEqual([]);
  });

  test("an admin's MFA enrollment and audit pages hydrate with no CSP violation", async ({ page }) => {
    test.setTimeout(60_000);
    const admin = { email: "websec-e2e-admin@example.test", password: "websec-e2e-admin-password" };
    await createAdminAccount(admin, "Websec Admin");
    const violations = await watchCsp(page);
    await signInAndEnroll(page, admin);
    const seen = (await violations()).map((v) => `enrollment: ${v}`);
    await openHydrated(page, "/admin/audit", /audit/i);
    seen.push(...(await violations()).map((v) => `/admin/audit: ${v}`));
    expect(seen).toEqual([]);
  });

  test("injected markup cannot run script", async ({ page }) => {
    // The policy really is enforced: what an XSS would inject into the HTML, an
    // inline event handler, does not run ('strict-dynamic' trusts only scripts
    // that our nonced scripts load, and nonces never cover attributes).
    const violations = await watchCsp(page);
    await openHydrated(page, "/sign-in", /sign in/i);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="/no-such-image.png" alt="" onerror="window.injectedRan = true">',
      );
    });
    await expect.poll(async () => (await violations()).join("\n")).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan === true)).toBe(
      false,
    );
  });
});

type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/** The POST the browser sends for "Add budget line"; the browser's own request is aborted. */
async function captureBudgetLineAction(page: Page, weddingId: number, category: string): Promise<CapturedAction> {
  const budgetPath = `/weddings/${weddingId}/budget`;
  await page.route(
    (url) => url.pathname === budgetPath,
    (route) => (route.request().method() === "POST" ? route.abort() : route.continue()),
  );
  await page.goto(budgetPath);
  const form = page.getByRole("form", { name: "Add a budget line" });
  await form.getByLabel("Category").fill(category);
  await form.getByLabel(/^Budget/).fill("321.50");
  const sent = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  await form.getByRole("button", { name: "Add budget line" }).click();
  const request = await sent;
  const sentHeaders = request.headers();
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "content-type": sentHeaders["content-type"]!,
    "next-action": sentHeaders["next-action"]!,
  };
  if (sentHeaders["next-router-state-tree"]) headers["next-router-state-tree"] = sentHeaders["next-router-state-tree"];
  expect(sentHeaders["origin"]).toBe(new URL(request.url()).origin);
  return { url: request.url(), headers, body: request.postDataBuffer()! };
}

async function budgetLines(weddingId: number, category: string): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>(
    "SELECT count(*)::int AS n FROM budget WHERE wedding_id = $1 AND category = $2",
    [weddingId, category],
  );
  return row!.n;
}

test("a server action posted from another origin is refused, and the same post from ours works", async ({
  page,
  baseURL,
}) => {
  const category = `CSRF probe ${Date.now().toString(36)}`;
  await signIn(page, DEMO.planner1.email, DEMO.planner1.password);
  const action = await captureBudgetLineAction(page, fixture.weddingId, category);
  const cookie = await cookieHeader(page.context());
  const post = (origin: string) =>
    requestFrom(ALLOWED_ADDRESS, action.url, {
      method: "POST",
      headers: { ...action.headers, cookie, origin },
      body: action.body,
    });

  // What a form on another site, submitted with the planner's cookies, would send.
  for (const origin of ["https://evil.example", `http://127.0.0.1.evil.example:${new URL(baseURL!).port}`, "null"]) {
    const refused = await post(origin);
    expect(refused.status, origin).toBe(500);
    expect(refused.body, origin).not.toContain('"ok":true');
    expect(await budgetLines(fixture.weddingId, category), origin).toBe(0);
  }

  const accepted = await post(new URL(baseURL!).origin);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toContain('"ok":true');
  expect(await budgetLines(fixture.weddingId, category)).toBe(1);
});

function setCookies(response: RawResponse): Map<string, string[]> {
  const lines = response.headers["set-cookie"] ?? [];
  return new Map(
    lines.map((line) => {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      return [pair!.slice(0, pair!.indexOf("=")), attributes.map((a) => a.toLowerCase())];
    }),
  );
}

test("sign-in sets the CSRF and session cookies HttpOnly and SameSite=Lax (not Secure over plain http)", async ({
  baseURL,
}) => {
  const csrf = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/api/auth/csrf`);
  const csrfCookies = setCookies(csrf);
  const csrfAttributes = csrfCookies.get("next-auth.csrf-token");
  expect(csrfAttributes, "the CSRF cookie").toBeDefined();
  expect(csrfAttributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
  expect(csrfAttributes).not.toContain("secure");

  const csrfCookie = csrf.headers["set-cookie"]!.find((line) => line.startsWith("next-auth.csrf-token="))!;
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({
    csrfToken,
    email: DEMO.planner2.email,
    password: DEMO.planner2.password,
    callbackUrl: `${baseURL}/weddings`,
    json: "true",
  });
  const signedIn = await requestFrom(ALLOWED_ADDRESS, `${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookie.split(";")[0]!,
      origin: baseURL!,
    },
    body: Buffer.from(form.toString()),
  });
  expect(signedIn.status).toBe(200);
  const session = setCookies(signedIn).get("wp.session");
  expect(session, "the session cookie").toBeDefined();
  expect(session).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
  expect(session).not.toContain("secure");
  // Every cookie the sign-in sets is out of reach of scripts.
  for (const [name, attributes] of setCookies(signedIn)) expect(attributes, name).toContain("httponly");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

test("with the database refusing its password, no page, answer or log line shows it or a stack", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const realUrl = process.env.E2E_APP_DATABASE_URL;
  if (!realUrl) throw new Error("E2E_APP_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const realPassword = decodeURIComponent(new URL(realUrl).password);
  const wrongPassword = "Wr0ng-e2e-Pa55word-d0-not-print";
  const brokenUrl = new URL(realUrl);
  brokenUrl.password = wrongPassword;

  // A session from the healthy server, so the broken one has to ask the database about it.
  const context: BrowserContext = await browser.newContext({ baseURL });
  const signedIn = await context.newPage();
  await signIn(signedIn, DEMO.planner1.email, DEMO.planner1.password);
  const cookie = await cookieHeader(context);
  await context.close();

  const port = await freePort();
  const output: string[] = [];
  const server = spawn("npx", ["--no-install", "tsx", "server.ts"], {
    env: {
      ...process.env,
      APP_DATABASE_URL: brokenUrl.toString(),
      ADMIN_IP_ALLOWLIST: "127.0.0.1/32,::1/128",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it stops npx, tsx and node together.
    detached: true,
  });
  server.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await expect.poll(() => output.join(""), { timeout: 45_000 }).toContain("> Ready on");
    const base = `http://127.0.0.1:${port}`;
    const answers: [string, RawResponse][] = [
      ["/api/health", await requestFrom(ALLOWED_ADDRESS, `${base}/api/health`)],
      [`/rsvp/…`, await requestFrom(ALLOWED_ADDRESS, `${base}/rsvp/${fixture.rsvpToken}`)],
      ["/weddings", await requestFrom(ALLOWED_ADDRESS, `${base}/weddings`, { headers: { cookie } })],
      [
        `/weddings/${fixture.weddingId}/guests`,
        await requestFrom(ALLOWED_ADDRESS, `${base}/weddings/${fixture.weddingId}/guests`, { headers: { cookie } }),
      ],
    ];
    expect(answers[0]![1].status).toBe(503);
    expect(JSON.parse(answers[0]![1].body)).toEqual({ status: "error", database: "down" });
    for (const [path, response] of answers) {
      expect(response.status, path).toBeGreaterThanOrEqual(500);
      for (const secret of [wrongPassword, realPassword, brokenUrl.username + ":", "postgresql://"]) {
        expect(response.body.includes(secret), `${path} shows ${secret}`).toBe(false);
      }
      expect(response.body, path).not.toMatch(/password authentication failed|\n\s+at |node_modules|\.tsx?:\d+/);
    }
    // The failures were logged (so the check below looked at real error lines), without the secrets.
    const log = output.join("");
    expect(log).toMatch(/password authentication failed|error/i);
    expect(log.includes(wrongPassword), "the log shows the wrong password").toBe(false);
    expect(log.includes(realPassword), "the log shows the real password").toBe(false);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  }
});
