import { NextResponse, type NextRequest } from "next/server";
import { getClientIp } from "@/lib/auth/client-ip";
import { isAdminAddress } from "@/lib/auth/ip-allowlist";
import { getAuthSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE, decodeSessionToken, pendingStepPath } from "@/lib/auth/session-token";
import {
  CSP_HEADER,
  NONCE_HEADER,
  buildContentSecurityPolicy,
  buildSecurityHeaders,
  createNonce,
  isTlsRequest,
} from "@/lib/security/headers";

// Cheap checks before a page renders, without the database:
// - /admin from an address outside ADMIN_IP_ALLOWLIST: 404;
// - no session cookie: to /sign-in, remembering the page;
// - password checked but MFA not done (or not enrolled where required): to that step.
// Whether a session still stands, and what it may see, is decided on the server
// (lib/auth/guards.ts, the server-action wrapper) and by the database.
// Every answer also carries the Content-Security-Policy with a fresh nonce
// (lib/security/headers.ts), the guests' RSVP pages included.

// /calendar/:token is fetched by calendar apps and /rsvp/:token opened by guests, neither with a session:
// the token is the credential.
const PUBLIC_PAGES = /^\/(sign-in|sign-out|calendar|rsvp)(\/|$)/;
const ADMIN_PATHS = /^\/(api\/)?admin(\/|$)/;
const STEP_PAGES = new Set(["/sign-in/mfa", "/account/mfa", "/sign-out"]);

export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const tls = isTlsRequest(request.headers);
  const csp = buildContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", tls });
  // Next.js reads the nonce for its own scripts from the request's policy header.
  const forwarded = new Headers(request.headers);
  forwarded.set(CSP_HEADER, csp);
  forwarded.set(NONCE_HEADER, nonce);
  const response = (await guard(request)) ?? NextResponse.next({ request: { headers: forwarded } });
  response.headers.set(CSP_HEADER, csp);
  // server.ts sets these too; here they also cover a plain `next start`.
  for (const [name, value] of Object.entries(buildSecurityHeaders({ pathname: request.nextUrl.pathname, tls }))) {
    response.headers.set(name, value);
  }
  return response;
}

/** The answer when the request must not reach its page (404, 401, a redirect), or null to let it through. */
async function guard(request: NextRequest): Promise<NextResponse | null> {
  const { pathname, search } = request.nextUrl;

  if (ADMIN_PATHS.test(pathname) && !isAdminAddress(getClientIp(request.headers))) {
    return new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (PUBLIC_PAGES.test(pathname)) return null;
  // Server actions and other writes answer for themselves; a redirect would only confuse them.
  if (request.method !== "GET" && request.method !== "HEAD") return null;

  const raw = request.cookies.get(SESSION_COOKIE)?.value;
  const token = raw ? await decodeSessionToken(raw, getAuthSecret()) : null;
  if (!token) {
    if (pathname.startsWith("/api/")) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", `${pathname}${search}`);
    const response = NextResponse.redirect(signIn);
    if (raw) response.cookies.delete(SESSION_COOKIE);
    return response;
  }

  const step = pendingStepPath(token);
  if (step && !STEP_PAGES.has(pathname) && !pathname.startsWith("/api/")) {
    const target = new URL(step, request.url);
    if (step === "/sign-in/mfa" && pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(target);
  }
  return null;
}

export const config = {
  // Everything but next-auth's own routes, the health probe, the metrics
  // endpoint (its bearer token is its credential) and static files (server.ts
  // gives those the other security headers).
  matcher: [
    "/((?!_next/static|_next/image|api/auth(?:/|$)|api/health(?:/|$)|api/metrics(?:/|$)|favicon\\.ico|robots\\.txt|sitemap\\.xml|.*\\.(?:png|jpg|jpeg|gif|svg|ico|webp|css|js|map|txt|woff2?)$).*)",
  ],
};
