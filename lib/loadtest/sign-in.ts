import { z } from "zod";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { cookieHeader, storeSetCookies } from "./cookies";

// Signs a planner in over HTTP the way the sign-in form does (next-auth v4's
// credentials flow): GET /api/auth/csrf for the token and its cookie, POST
// the callback with both, keep the session cookie it sets. No browser, no
// page render: the load test needs sessions, not the form.

const ZCsrfSchema = z.object({ csrfToken: z.string().min(1) });
const ZCallbackSchema = z.object({ url: z.string() });

export type TSignInOptions = {
  email: string;
  password: string;
  /** Extra request headers, e.g. the x-forwarded-for the load test sends as a trusted proxy. */
  headers?: Record<string, string>;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
};

export class SignInError extends Error {}

/** Signs in at `baseUrl`; resolves to the Cookie header value that carries the session. */
export async function signInWithCredentials(baseUrl: string, options: TSignInOptions): Promise<string> {
  const { email, password, headers = {}, timeoutMs = 30_000 } = options;
  const url = (path: string) => new URL(path, baseUrl).toString();

  const csrf = await fetch(url("/api/auth/csrf"), {
    headers,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!csrf.ok) throw new SignInError(`GET /api/auth/csrf answered ${csrf.status}.`);
  const token = ZCsrfSchema.safeParse(await csrf.json().catch(() => null));
  if (!token.success) throw new SignInError("GET /api/auth/csrf did not answer with a CSRF token.");
  const jar = storeSetCookies(csrf.headers.getSetCookie());
  if (jar.size === 0) throw new SignInError("GET /api/auth/csrf set no CSRF cookie.");

  const callback = await fetch(url("/api/auth/callback/credentials"), {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(jar),
    },
    body: new URLSearchParams({
      csrfToken: token.data.csrfToken,
      email,
      password,
      callbackUrl: url("/weddings"),
      json: "true",
    }).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  storeSetCookies(callback.headers.getSetCookie(), jar);
  const session = jar.get(SESSION_COOKIE);
  if (session) return cookieHeader(jar, [SESSION_COOKIE]);

  // next-auth sends failures back to the sign-in page with the message in ?error=.
  const body = ZCallbackSchema.safeParse(await callback.json().catch(() => null));
  const reason = body.success ? new URL(body.data.url, baseUrl).searchParams.get("error") : null;
  throw new SignInError(
    `Sign-in as ${email} failed (${callback.status}${reason ? `: ${reason}` : ", no session cookie"}).`,
  );
}
