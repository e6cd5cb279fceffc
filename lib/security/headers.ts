import type { IncomingMessage, ServerResponse } from "node:http";
import { isHttpsRequest } from "@/lib/auth/client-ip";

// The browser-facing security policy, as pure functions of the request:
// - proxy.ts sets the Content-Security-Policy (with a fresh nonce) on every page;
// - server.ts sets the rest on every response, static files included. It
//   cannot go in next.config.ts headers(): those are fixed at build time,
//   and whether we are served over TLS is known only when the server runs.

type Env = Record<string, string | undefined>;

export const CSP_HEADER = "Content-Security-Policy";
/** Request header carrying the nonce to server components that render inline scripts of their own. */
export const NONCE_HEADER = "x-nonce";

/** Two years, the preload lists' minimum. Sent only over TLS: on plain http browsers ignore it anyway. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

// Nothing here uses these devices or APIs; an injected script or frame cannot either.
// (interest-cohort was FLoC, gone from browsers, which now log it as unknown; browsing-topics replaced it.)
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

// Paths whose URL is itself a credential (a guest's RSVP token, a calendar
// feed token): no Referer may carry it to another site, even the origin part.
const CREDENTIAL_PATHS = /^\/(rsvp|calendar)(\/|$)/;

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type TCspOptions = { nonce: string; dev: boolean; tls: boolean };

/**
 * The page policy. Scripts run only with this response's nonce, and what they
 * load ('strict-dynamic'); Next.js puts the nonce on its own scripts because
 * proxy.ts passes this policy on the request too. Style attributes stay
 * allowed: server-rendered `style="…"` (the overview's chart legends) cannot
 * carry a nonce, and without style-src-attr the browser refuses them; a style
 * attribute cannot run code. Zod's eval probe is off in the browser
 * (instrumentation-client.ts), so nothing needs 'unsafe-eval' in production.
 */
export function buildContentSecurityPolicy({ nonce, dev, tls }: TCspOptions): string {
  const directives = [
    "default-src 'self'",
    // React's dev build evaluates server error stacks in the browser; production never evals.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The dev server injects <style> tags without a nonce (hot reload); a nonce would disable 'unsafe-inline'.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Over plain http (development, the tests) it would send the browser to an https that is not there.
  if (tls) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export type TSecurityHeaderOptions = { pathname: string; tls: boolean };

/** Headers for every response, page or not. */
export function buildSecurityHeaders({ pathname, tls }: TSecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Referrer-Policy": CREDENTIAL_PATHS.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Content-Type-Options": "nosniff",
    // frame-ancestors 'none' for browsers that predate it.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (tls) headers["Strict-Transport-Security"] = HSTS_VALUE;
  return headers;
}

type HeaderSource = { get(name: string): string | null };

/** Whether TLS ended in front of us for this request (see isHttpsRequest). */
export function isTlsRequest(headers: HeaderSource, env: Env = process.env): boolean {
  return isHttpsRequest(headers, env);
}

/** server.ts: the headers of buildSecurityHeaders on a response, before Next.js writes it. */
export function setSecurityHeaders(
  req: Pick<IncomingMessage, "url" | "headers">,
  res: Pick<ServerResponse, "setHeader">,
  env: Env = process.env,
): void {
  const headers = {
    get: (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
  const pathname = pathnameOf(req.url);
  for (const [name, value] of Object.entries(buildSecurityHeaders({ pathname, tls: isTlsRequest(headers, env) }))) {
    res.setHeader(name, value);
  }
}

function pathnameOf(url: string | undefined): string {
  try {
    return decodeURIComponent(new URL(url ?? "/", "http://localhost").pathname);
  } catch {
    return "/";
  }
}
