import { decode, encode } from "next-auth/jwt";
import { z } from "zod";
import { requiresMfa } from "./config";

// The session cookie: a JWT that next-auth encrypts with NEXTAUTH_SECRET.
// It carries who signed in, the account's session_version at that moment
// (a later password change or admin reset bumps it and ends the session),
// the MFA state, and when the password was checked (sessions end a fixed
// time after sign-in, however active). No database access here: proxy.ts
// reads it too.

export const SESSION_COOKIE = "wp.session";

export const ZSessionRoleSchema = z.enum(["admin", "planner", "vendor"]);

export const ZSessionTokenSchema = z.object({
  userId: z.number().int().positive(),
  email: z.string().max(320),
  role: ZSessionRoleSchema,
  sessionVersion: z.number().int(),
  /** Whether the account had MFA enrolled when the password was checked. */
  mfaEnabled: z.boolean(),
  /** Whether this session has passed the MFA step. */
  mfaVerified: z.boolean(),
  /** Seconds since the epoch when the password was checked. */
  signedInAt: z.number().int().positive(),
});

export type TSessionToken = z.infer<typeof ZSessionTokenSchema>;

export async function decodeSessionToken(raw: string | undefined, secret: string): Promise<TSessionToken | null> {
  if (!raw || raw.length > 8192) return null;
  try {
    const payload = await decode({ token: raw, secret });
    const parsed = ZSessionTokenSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function encodeSessionToken(token: TSessionToken, secret: string, maxAgeSeconds: number): Promise<string> {
  return encode({ token: { ...token, sub: String(token.userId), email: token.email }, secret, maxAge: maxAgeSeconds });
}

/** Seconds this session has left (0 when it has expired). */
export function remainingSeconds(token: Pick<TSessionToken, "signedInAt">, maxAge: number, now = nowSeconds()): number {
  return Math.max(0, token.signedInAt + maxAge - now);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Where a session that is not fully signed in must go next, or null when it may go anywhere. */
export function pendingStepPath(token: TSessionToken): "/sign-in/mfa" | "/account/mfa" | null {
  if (token.mfaVerified) return null;
  if (token.mfaEnabled) return "/sign-in/mfa";
  return requiresMfa(token.role) ? "/account/mfa" : null;
}
