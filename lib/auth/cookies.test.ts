import NextAuth from "next-auth/next";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAuthOptions } from "./auth-options";
import { isHttpsRequest } from "./client-ip";
import { SESSION_COOKIE } from "./session-token";

// The cookies next-auth itself writes, serialized by next-auth as they reach
// the browser: HttpOnly and SameSite=Lax always, Secure exactly when the app
// is served over TLS (APP_URL https, or a trusted proxy's x-forwarded-proto).
// e2e/web-security.spec.ts checks the same over real HTTP without TLS.

const ENV_KEYS = ["APP_URL", "NEXTAUTH_URL", "TRUSTED_PROXY_HEADER", "NEXTAUTH_SECRET"] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.NEXTAUTH_SECRET = "a-test-secret-that-is-long-enough-0123456789";
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/**
 * GET /api/auth/csrf through next-auth's own handler, with the request's
 * headers deciding `secure` as the route handler does; returns its Set-Cookie lines.
 */
async function csrfSetCookies(headers: Record<string, string>): Promise<string[]> {
  const secure = isHttpsRequest(new Headers(headers));
  const sent = new Map<string, unknown>();
  const res = {
    getHeader: (name: string) => sent.get(name),
    setHeader: (name: string, value: unknown) => sent.set(name, value),
    status: () => res,
    send: () => res,
    json: () => res,
    end: () => res,
  };
  const req = {
    method: "GET",
    query: { nextauth: ["csrf"] },
    headers: { host: "weddings.example.com", ...headers },
    cookies: {},
  };
  await NextAuth(req as never, res as never, buildAuthOptions({ secure }));
  const cookies = sent.get("Set-Cookie");
  return Array.isArray(cookies) ? cookies.map(String) : [];
}

function attributes(cookie: string): string[] {
  return cookie
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());
}

describe("next-auth cookies", () => {
  it("over plain http: HttpOnly, SameSite=Lax, not Secure", async () => {
    const [csrf] = await csrfSetCookies({});
    expect(csrf).toMatch(/^next-auth\.csrf-token=/);
    expect(attributes(csrf!)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(attributes(csrf!)).not.toContain("secure");
  });

  it("with APP_URL https: Secure, and the CSRF cookie becomes __Host-", async () => {
    process.env.APP_URL = "https://weddings.example.com";
    const [csrf] = await csrfSetCookies({});
    expect(csrf).toMatch(/^__Host-next-auth\.csrf-token=/);
    expect(attributes(csrf!)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure", "path=/"]));
  });

  it("behind a trusted proxy, Secure follows x-forwarded-proto", async () => {
    process.env.TRUSTED_PROXY_HEADER = "x-forwarded-for";
    const [overTls] = await csrfSetCookies({ "x-forwarded-proto": "https" });
    expect(attributes(overTls!)).toContain("secure");
    const [plain] = await csrfSetCookies({ "x-forwarded-proto": "http" });
    expect(attributes(plain!)).not.toContain("secure");
    // Without the trusted proxy the same header is a client's claim and proves nothing.
    delete process.env.TRUSTED_PROXY_HEADER;
    const [forged] = await csrfSetCookies({ "x-forwarded-proto": "https" });
    expect(attributes(forged!)).not.toContain("secure");
  });

  it("the session cookie has the same attributes", () => {
    for (const secure of [false, true]) {
      const options = buildAuthOptions({ secure });
      expect(options.useSecureCookies).toBe(secure);
      expect(options.cookies?.sessionToken).toEqual({
        name: SESSION_COOKIE,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      });
    }
  });
});
