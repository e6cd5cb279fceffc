import type { IncomingMessage, ServerResponse } from "node:http";

// next-auth v4's credentials flow as the load test sees it, for tests: a CSRF
// token in JSON with its cookie (token|hash, URL-encoded), and a callback that
// wants both and then sets the session cookie, or sends the browser back to
// the sign-in page with ?error=. The real handler is exercised by the real run.

export const FAKE_PASSWORD = "right-password";
const CSRF_COOKIE = "next-auth.csrf-token";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => resolve(body));
  });
}

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const equals = part.indexOf("=");
    if (equals > 0) jar.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return jar;
}

export type TFakeAuth = {
  signIns: { email: string; address: string | undefined }[];
  /** Handles /api/auth/*; false for any other path. */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
};

export function createFakeAuth(): TFakeAuth {
  const signIns: TFakeAuth["signIns"] = [];
  let issued = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/api/auth/csrf" && req.method === "GET") {
      const token = `csrf${++issued}`;
      res.setHeader("set-cookie", [
        `${CSRF_COOKIE}=${token}%7Chash${issued}; Path=/; HttpOnly; SameSite=Lax`,
        "next-auth.callback-url=http%3A%2F%2Flocalhost; Path=/; HttpOnly; SameSite=Lax",
      ]);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ csrfToken: token }));
      return true;
    }
    if (url.pathname === "/api/auth/callback/credentials" && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const cookie = parseCookieHeader(req.headers.cookie).get(CSRF_COOKIE);
      res.setHeader("content-type", "application/json");
      if (!cookie || decodeURIComponent(cookie).split("|")[0] !== form.get("csrfToken")) {
        res.end(JSON.stringify({ url: "http://localhost/api/auth/signin?csrf=true" }));
        return true;
      }
      if (form.get("password") !== FAKE_PASSWORD || form.get("json") !== "true") {
        res.statusCode = 401;
        res.end(JSON.stringify({ url: "http://localhost/sign-in?error=Email%20or%20password%20is%20incorrect." }));
        return true;
      }
      const email = form.get("email") ?? "";
      signIns.push({ email, address: req.headers["x-forwarded-for"] as string | undefined });
      res.setHeader("set-cookie", [
        `wp.session=session-of-${encodeURIComponent(email)}; Path=/; HttpOnly; SameSite=Lax`,
      ]);
      res.end(JSON.stringify({ url: form.get("callbackUrl") }));
      return true;
    }
    return false;
  };
  return { signIns, handle };
}
