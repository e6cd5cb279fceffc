import "server-only";
import { headers } from "next/headers";
import { getClientIp, ipThrottleKey } from "@/lib/auth/client-ip";
import { getPrisma } from "@/lib/db/client";

// The RSVP page and its action are public: anyone may guess at tokens. Each
// request counts against its client address (x-wedding-client-ip, which our
// server sets from the socket; getClientIp trusts it only with the server's
// mark), or against the token when the address is unknown.

export const RSVP_MAX_HITS = 60;
export const RSVP_WINDOW_SECONDS = 60;
export const TOO_MANY_REQUESTS_MESSAGE = "Too many requests, try again in a minute.";

/** The rate-limit key: the client's address (an IPv6 host by its /64) when known, else the token. */
export function rsvpRateLimitKey(token: string, clientIp: string | null): string {
  return clientIp ? `rsvp:${ipThrottleKey(clientIp)}` : `rsvp:${token}`;
}

/**
 * Counts one hit for `key`; false once the key is over `maxHits` in the window.
 * Runs without an identity on purpose: rate_limit_hit() is a security-definer
 * function that touches only the rate_limit table and returns a yes or no, so
 * it reveals no tenant data and needs none.
 */
export async function unsafeHitRateLimit(key: string, maxHits: number, windowSeconds: number): Promise<boolean> {
  const [row] = await getPrisma().$queryRaw<{ allowed: boolean }[]>`
    SELECT rate_limit_hit(${key}, ${maxHits}::integer, ${windowSeconds}::integer) AS allowed`;
  return row?.allowed === true;
}

/** Counts this request against the RSVP limit; false when the client should slow down. */
export async function hitRsvpRateLimit(token: string): Promise<boolean> {
  const clientIp = getClientIp(await headers());
  // Safe: see unsafeHitRateLimit; the key holds an address or a well-formed token only.
  return unsafeHitRateLimit(rsvpRateLimitKey(token, clientIp), RSVP_MAX_HITS, RSVP_WINDOW_SECONDS);
}
