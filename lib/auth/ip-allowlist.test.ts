import { describe, expect, it } from "vitest";
import { AllowlistError, isAddressAllowed, isAdminAddress, parseAllowlist } from "./ip-allowlist";

describe("parseAllowlist", () => {
  it("defaults to loopback only when unset or blank", () => {
    for (const value of [undefined, "", "  "]) {
      const allowlist = parseAllowlist(value);
      expect(isAddressAllowed("127.0.0.1", allowlist)).toBe(true);
      expect(isAddressAllowed("127.200.3.4", allowlist)).toBe(true);
      expect(isAddressAllowed("::1", allowlist)).toBe(true);
      expect(isAddressAllowed("10.0.0.1", allowlist)).toBe(false);
      expect(isAddressAllowed("2001:db8::1", allowlist)).toBe(false);
    }
  });

  it("reads comma-separated CIDR ranges and bare addresses, ignoring spaces", () => {
    const allowlist = parseAllowlist(" 10.1.0.0/16 , 203.0.113.7, 2001:db8:abcd::/48 ");
    expect(isAddressAllowed("10.1.255.254", allowlist)).toBe(true);
    expect(isAddressAllowed("10.2.0.1", allowlist)).toBe(false);
    expect(isAddressAllowed("203.0.113.7", allowlist)).toBe(true);
    expect(isAddressAllowed("203.0.113.8", allowlist)).toBe(false);
    expect(isAddressAllowed("2001:db8:abcd:12::5", allowlist)).toBe(true);
    expect(isAddressAllowed("2001:db8:abce::5", allowlist)).toBe(false);
    // Loopback is no longer implied once the list is set.
    expect(isAddressAllowed("127.0.0.1", allowlist)).toBe(false);
  });

  it("matches IPv4-mapped IPv6 addresses and ranges as IPv4", () => {
    expect(isAddressAllowed("::ffff:10.1.2.3", parseAllowlist("10.1.0.0/16"))).toBe(true);
    expect(isAddressAllowed("10.1.2.3", parseAllowlist("::ffff:10.1.0.0/112"))).toBe(true);
    expect(isAddressAllowed("10.2.2.3", parseAllowlist("::ffff:10.1.0.0/112"))).toBe(false);
  });

  it("never allows an unknown or malformed address", () => {
    const everything = parseAllowlist("0.0.0.0/0,::/0");
    expect(isAddressAllowed(null, everything)).toBe(false);
    expect(isAddressAllowed("", everything)).toBe(false);
    expect(isAddressAllowed("not-an-ip", everything)).toBe(false);
    expect(isAddressAllowed("127.1", everything)).toBe(false);
    expect(isAddressAllowed("1.2.3.4", everything)).toBe(true);
  });

  it("rejects entries that are not addresses or ranges, naming them", () => {
    for (const value of ["10.0.0.0/33", "localhost", "10.0.0.0/8;DROP", "::1/129", "1.2.3"]) {
      expect(() => parseAllowlist(value)).toThrow(AllowlistError);
    }
    expect(() => parseAllowlist("127.0.0.0/8, intranet")).toThrow(/"intranet"/);
    expect(() => parseAllowlist(",")).toThrow(/names no address range/);
  });
});

describe("isAdminAddress", () => {
  it("fails closed when ADMIN_IP_ALLOWLIST is malformed", () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(isAdminAddress("127.0.0.1", { ADMIN_IP_ALLOWLIST: "127.0.0.0/8,bogus" })).toBe(false);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(isAdminAddress("127.0.0.1", {})).toBe(true);
    expect(isAdminAddress("192.0.2.1", {})).toBe(false);
  });
});
