import ipaddr from "ipaddr.js";
import { parseIp } from "./client-ip";

// Which client addresses may reach the admin pages: ADMIN_IP_ALLOWLIST, a
// comma-separated list of CIDR ranges (a bare address means just that address).
// Pure, so proxy.ts, the server guards and the unit tests share one reading.

export const DEFAULT_ADMIN_IP_ALLOWLIST = "127.0.0.0/8,::1/128";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type TAllowlist = readonly Range[];

export class AllowlistError extends Error {}

export function parseAllowlist(value: string | undefined): TAllowlist {
  const source = value?.trim() ? value : DEFAULT_ADMIN_IP_ALLOWLIST;
  const entries = source
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) {
    throw new AllowlistError("ADMIN_IP_ALLOWLIST names no address range. Example: 127.0.0.0/8,::1/128,10.0.0.0/8");
  }
  return entries.map(parseRange);
}

function parseRange(entry: string): Range {
  if (entry.includes("/")) {
    if (!ipaddr.isValidCIDR(entry)) throw invalidEntry(entry);
    const [address, bits] = ipaddr.parseCIDR(entry);
    // An IPv4-mapped range (::ffff:10.0.0.0/104) means the IPv4 range.
    if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    }
    return [address, bits];
  }
  const address = parseIp(entry);
  if (!address) throw invalidEntry(entry);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

function invalidEntry(entry: string): AllowlistError {
  const shown = entry.length > 60 ? `${entry.slice(0, 60)}…` : entry;
  return new AllowlistError(
    `ADMIN_IP_ALLOWLIST has an entry that is not an IP address or CIDR range: "${shown}". ` +
      "Use comma-separated ranges such as 127.0.0.0/8,::1/128,203.0.113.7/32.",
  );
}

/** Whether `ip` lies in one of the ranges. An unknown address is never allowed. */
export function isAddressAllowed(ip: string | null, allowlist: TAllowlist): boolean {
  const address = ip ? parseIp(ip) : null;
  if (!address) return false;
  return allowlist.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

let cached: { value: string | undefined; allowlist: TAllowlist } | undefined;

/** The configured allowlist; throws AllowlistError when ADMIN_IP_ALLOWLIST is malformed. */
export function getAdminAllowlist(env: Record<string, string | undefined> = process.env): TAllowlist {
  const value = env.ADMIN_IP_ALLOWLIST;
  if (cached && cached.value === value) return cached.allowlist;
  const allowlist = parseAllowlist(value);
  cached = { value, allowlist };
  return allowlist;
}

/** Allowed or not, failing closed (and saying why in the log) when the setting is malformed. */
export function isAdminAddress(ip: string | null, env: Record<string, string | undefined> = process.env): boolean {
  try {
    return isAddressAllowed(ip, getAdminAllowlist(env));
  } catch (error) {
    console.error((error as Error).message);
    return false;
  }
}
