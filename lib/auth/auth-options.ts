import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getLogger } from "@/lib/log/logger";
import { getClientIp } from "./client-ip";
import { getSessionMaxAgeSeconds } from "./config";
import { checkCredentials } from "./credentials";
import { getAuthSecret } from "./secret";
import { checkSessionToken } from "./session-state";
import {
  SESSION_COOKIE,
  ZSessionRoleSchema,
  ZSessionTokenSchema,
  nowSeconds,
  type TSessionToken,
} from "./session-token";
import { unsafeRecordSignIn } from "./unsafe-queries";
import { sessionCookieOptions } from "./session";

// next-auth v4 with one Credentials provider and JWT sessions. next-auth does
// the password step (CSRF token, cookie); what a session then means is
// decided by checkSessionToken() on every request, and the MFA step and
// password changes re-issue the cookie themselves (lib/auth/session.ts).

const ZAuthorizedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: ZSessionRoleSchema,
  sessionVersion: z.number().int(),
  mfaEnabled: z.boolean(),
});

class SessionEndedError extends Error {}

/** Options for one request: cookies are Secure when that request came over https. */
export function buildAuthOptions({ secure }: { secure: boolean }): AuthOptions {
  const maxAge = getSessionMaxAgeSeconds();
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge },
    useSecureCookies: secure,
    cookies: { sessionToken: { name: SESSION_COOKIE, options: sessionCookieOptions(secure) } },
    pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const ip = getClientIp(new Headers(headerEntries(req.headers)));
          const result = await checkCredentials({ email: credentials?.email, password: credentials?.password }, ip);
          // The message reaches the sign-in form as next-auth's `error`.
          if (!result.ok) throw new Error(result.error);
          const { account } = result;
          // Without an MFA step ahead, this is the whole sign-in.
          if (!account.mfaEnabled) await unsafeRecordSignIn(account.userId); // Safe: the password was just proven.
          return {
            id: String(account.userId),
            email: account.email,
            role: account.role,
            sessionVersion: account.sessionVersion,
            mfaEnabled: account.mfaEnabled,
          };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const signedIn = ZAuthorizedUserSchema.parse(user);
          const session: TSessionToken = {
            userId: Number(signedIn.id),
            email: signedIn.email,
            role: signedIn.role,
            sessionVersion: signedIn.sessionVersion,
            mfaEnabled: signedIn.mfaEnabled,
            mfaVerified: false,
            signedInAt: nowSeconds(),
          };
          return { ...session, sub: signedIn.id, email: signedIn.email };
        }
        // /api/auth/session: the same check as every page makes.
        const parsed = ZSessionTokenSchema.safeParse(token);
        const state = await checkSessionToken(parsed.success ? parsed.data : null);
        if (state.status === "signed-out") throw new SessionEndedError("Session ended");
        return token;
      },
      async session({ session, token }) {
        const parsed = ZSessionTokenSchema.safeParse(token);
        if (!parsed.success) return session;
        const { email, role, mfaVerified } = parsed.data;
        return { expires: session.expires, user: { email, role, mfaVerified } };
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is routine, not an error worth a stack trace.
        if (code === "JWT_SESSION_ERROR" && isSessionEnded(metadata)) return;
        getLogger().error({ code, metadata }, "next-auth error");
      },
      warn(code) {
        // The origin comes from each request; NEXTAUTH_URL is optional here.
        if (code === "NEXTAUTH_URL") return;
        getLogger().warn({ code }, "next-auth warning");
      },
      debug() {},
    },
  };
}

function isSessionEnded(metadata: unknown): boolean {
  if (metadata instanceof SessionEndedError) return true;
  const error = (metadata as { error?: unknown } | undefined)?.error;
  return error instanceof SessionEndedError;
}

function headerEntries(headers: unknown): [string, string][] {
  if (!headers || typeof headers !== "object") return [];
  return Object.entries(headers as Record<string, unknown>).flatMap(([name, value]) =>
    typeof value === "string" ? [[name, value] as [string, string]] : [],
  );
}
