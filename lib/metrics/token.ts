import { createHash, timingSafeEqual } from "node:crypto";

// /api/metrics answers only a scraper that presents METRICS_TOKEN as a bearer
// token. Without the setting the endpoint does not exist (404): metrics are
// off until an operator turns them on, and nothing learns that they could be.

export const MIN_METRICS_TOKEN_LENGTH = 24;

export type MetricsTokenSetting = { kind: "off" } | { kind: "invalid"; reason: string } | { kind: "on"; token: string };

export function getMetricsToken(env: Record<string, string | undefined> = process.env): MetricsTokenSetting {
  const token = env.METRICS_TOKEN?.trim();
  if (!token) return { kind: "off" };
  if (token.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(token)) {
    return {
      kind: "invalid",
      reason: `METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces (e.g. openssl rand -base64 32).`,
    };
  }
  return { kind: "on", token };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether an Authorization header carries the token. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or the
 * first differing character of what was sent.
 */
export function isAuthorized(header: string | null, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  const sent = match?.[1] ?? "";
  const equal = timingSafeEqual(digest(sent), digest(token));
  return equal && sent.length > 0;
}
