import { NextResponse, type NextRequest } from "next/server";
import { getClientIp } from "@/lib/auth/client-ip";
import { isAdminAddress } from "@/lib/auth/ip-allowlist";
import { getAuthSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE, decodeSessionToken, pendingStepPath } from "@/lib/auth/session-token";

// Cheap checks before a page renders, without the database:
// - /admin from an address outside ADMIN_IP_ALLOWLIST: 404;
// - no session cookie: to /sign-in, remembering the page;
// - password checked but MFA not done (or not enrolled where required): to that step.
// Whether a session still stands, and what it may see, is decided on the server
// (lib/auth/guards.ts, the server-action wrapper) and by the database.

// /calendar/:token is fetched by calendar apps, which have no session: the token is its credential.
const PUBLIC_PAGES = /^\/(sign-in|sign-out|calendar)(\/|$)/;
const ADMIN_PATHS = /^\/(api\/)?admin(\/|$)/;
const STEP_PAGES = new Set(["/sign-in/mfa", "/account/mfa", "/sign-out"]);

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (ADMIN_PATHS.test(pathname) && !isAdminAddress(getClientIp(request.headers))) {
    return new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (PUBLIC_PAGES.test(pathname)) return NextResponse.next();
  // Server actions and other writes answer for themselves; a redirect would only confuse them.
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();

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
  return NextResponse.next();
}

export const config = {
  // Everything but the RSVP pages, next-auth's own routes, the health probe, the
  // metrics endpoint (its bearer token is its credential) and static files.
  matcher: [
    "/((?!_next/static|_next/image|api/auth(?:/|$)|api/health(?:/|$)|api/metrics(?:/|$)|rsvp(?:/|$)|favicon\\.ico|robots\\.txt|sitemap\\.xml|.*\\.(?:png|jpg|jpeg|gif|svg|ico|webp|css|js|map|txt|woff2?)$).*)",
  ],
};
