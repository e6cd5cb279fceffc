// A minimal cookie jar for the load test's sign-in: the name=value pairs of
// Set-Cookie lines, and the Cookie header that sends them back. Attributes
// (Path, HttpOnly, Expires …) do not matter to a client that talks to one
// origin; a cookie set empty or already expired is a deletion.

export type TCookieJar = Map<string, string>;

/** Adds the Set-Cookie lines of one response to `jar` (or a new jar) and returns it. */
export function storeSetCookies(lines: readonly string[], jar: TCookieJar = new Map()): TCookieJar {
  for (const line of lines) {
    const [pair = "", ...attributes] = line.split(";");
    const equals = pair.indexOf("=");
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (!name) continue;
    if (value === "" || isExpired(attributes)) jar.delete(name);
    else jar.set(name, value);
  }
  return jar;
}

function isExpired(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [rawKey = "", ...rest] = attribute.split("=");
    const key = rawKey.trim().toLowerCase();
    const value = rest.join("=").trim();
    if (key === "max-age" && /^-?\d+$/.test(value) && Number(value) <= 0) return true;
    if (key === "expires") {
      const at = Date.parse(value);
      if (Number.isFinite(at) && at <= Date.now()) return true;
    }
  }
  return false;
}

/** The Cookie request header for every cookie in the jar, or for the named ones only. */
export function cookieHeader(jar: TCookieJar, names?: readonly string[]): string {
  const entries = [...jar].filter(([name]) => !names || names.includes(name));
  return entries.map(([name, value]) => `${name}=${value}`).join("; ");
}
