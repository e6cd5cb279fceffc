import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { isHttpsRequest } from "./client-ip";
import { getSessionMaxAgeSeconds } from "./config";
import { getAuthSecret } from "./secret";
import { checkSessionToken, type TSessionState } from "./session-state";
import {
  SESSION_COOKIE,
  ZSessionTokenSchema,
  decodeSessionToken,
  encodeSessionToken,
  remainingSeconds,
  type TSessionToken,
} from "./session-token";

// The session of the request being served. React's cache() keeps it for one
// request only, so the layout and the page share one database check.

export const getSessionState = cache(async (): Promise<TSessionState> => {
  const raw = (await cookies()).get(SESSION_COOKIE)?.value;
  const token = await decodeSessionToken(raw, getAuthSecret());
  return checkSessionToken(token);
});

/** Cookie attributes for the session: never readable by scripts, sent on same-site navigation only. */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
}

/**
 * Replaces this browser's session cookie (server actions only), keeping its
 * original sign-in time: re-issuing never extends a session.
 */
export async function writeSessionCookie(session: TSessionToken): Promise<void> {
  // Only the token's own fields: callers pass a session user, which carries more.
  const token = ZSessionTokenSchema.parse(session);
  const maxAge = remainingSeconds(token, getSessionMaxAgeSeconds());
  const value = await encodeSessionToken(token, getAuthSecret(), maxAge);
  const secure = isHttpsRequest(await headers());
  (await cookies()).set(SESSION_COOKIE, value, { ...sessionCookieOptions(secure), maxAge });
}
