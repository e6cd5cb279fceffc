import ipaddr from "ipaddr.js";

// Who is asking. The address comes from exactly one place:
// - TRUSTED_PROXY_HEADER (e.g. x-forwarded-for) when the app runs behind a
//   proxy: its right-most entry, the one that proxy appended itself. Entries to
//   the left come from the client and prove nothing.
// - otherwise x-wedding-client-ip, which server.ts sets from the TCP peer after
//   deleting any copy the client sent. The server mark proves server.ts set it:
//   under plain `next start` it is missing and the address is unknown.
// Pure (headers and environment in, address out), so proxy.ts can use it.

export const CLIENT_IP_HEADER = "x-wedding-client-ip";
export const SERVER_MARK_HEADER = "x-wedding-server-mark";
export const SERVER_MARK_ENV = "WEDDING_SERVER_MARK";

type Env = Record<string, string | undefined>;
type HeaderSource = { get(name: string): string | null };

/** The client's address in canonical form, or null when it cannot be known. */
export function getClientIp(headers: HeaderSource, env: Env = process.env): string | null {
  const trusted = env.TRUSTED_PROXY_HEADER?.trim().toLowerCase();
  if (trusted) return normalizeIp(lastEntry(headers.get(trusted)));
  const mark = env[SERVER_MARK_ENV];
  if (!mark || headers.get(SERVER_MARK_HEADER) !== mark) return null;
  return normalizeIp(headers.get(CLIENT_IP_HEADER));
}

/**
 * Whether the browser reached us over https. server.ts itself speaks plain
 * http, so TLS ends before it: either the public address (APP_URL, or
 * NEXTAUTH_URL) is https, or a trusted proxy says so in x-forwarded-proto.
 * Secure cookies, HSTS and upgrade-insecure-requests all follow this answer.
 */
export function isHttpsRequest(headers: HeaderSource, env: Env = process.env): boolean {
  if (isHttpsUrl(env.APP_URL) || isHttpsUrl(env.NEXTAUTH_URL)) return true;
  if (!env.TRUSTED_PROXY_HEADER?.trim()) return false;
  return lastEntry(headers.get("x-forwarded-proto"))?.toLowerCase() === "https";
}

function isHttpsUrl(value: string | undefined): boolean {
  return !!value?.trim().toLowerCase().startsWith("https://");
}

function lastEntry(value: string | null): string | undefined {
  return value
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
}

/** Strict parsing: four-part dotted IPv4 or IPv6; IPv4-mapped IPv6 becomes IPv4; a port is dropped. */
export function parseIp(value: string | null | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!value || value.length > 100) return null;
  let candidate = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  if (ipaddr.IPv4.isValidFourPartDecimal(candidate)) return ipaddr.IPv4.parse(candidate);
  if (!ipaddr.IPv6.isValid(candidate)) return null;
  const v6 = ipaddr.IPv6.parse(candidate);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

export function normalizeIp(value: string | null | undefined): string | null {
  return parseIp(value)?.toString() ?? null;
}

/**
 * The throttle key for an address. IPv6 hosts usually own a whole /64, so one
 * host could otherwise rotate through addresses to dodge the limit.
 */
export function ipThrottleKey(ip: string): string {
  const address = parseIp(ip);
  if (!address) return `ip:${ip}`;
  if (address.kind() === "ipv4") return `ip:${address.toString()}`;
  const bytes = address.toByteArray().slice(0, 8).concat([0, 0, 0, 0, 0, 0, 0, 0]);
  return `ip:${ipaddr.fromByteArray(bytes).toString()}/64`;
}
