import { describe, expect, it } from "vitest";
import {
  CLIENT_IP_HEADER,
  SERVER_MARK_HEADER,
  getClientIp,
  ipThrottleKey,
  isHttpsRequest,
  normalizeIp,
} from "./client-ip";

const MARK = "test-server-mark";
const serverEnv = { WEDDING_SERVER_MARK: MARK };

function stamped(ip: string, extra: Record<string, string> = {}): Headers {
  return new Headers({ [CLIENT_IP_HEADER]: ip, [SERVER_MARK_HEADER]: MARK, ...extra });
}

describe("getClientIp without a trusted proxy", () => {
  it("uses the address server.ts took from the TCP peer", () => {
    expect(getClientIp(stamped("127.0.0.1"), serverEnv)).toBe("127.0.0.1");
    expect(getClientIp(stamped("::ffff:192.0.2.5"), serverEnv)).toBe("192.0.2.5");
    expect(getClientIp(stamped("::1"), serverEnv)).toBe("::1");
  });

  it("ignores every forwarding header a client can send", () => {
    const spoofed = stamped("192.0.2.5", {
      "x-forwarded-for": "127.0.0.1",
      "x-real-ip": "127.0.0.1",
      forwarded: "for=127.0.0.1",
      "true-client-ip": "127.0.0.1",
    });
    expect(getClientIp(spoofed, serverEnv)).toBe("192.0.2.5");
  });

  it("trusts x-wedding-client-ip only with this process's server mark", () => {
    expect(getClientIp(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1" }), serverEnv)).toBeNull();
    const wrongMark = new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1", [SERVER_MARK_HEADER]: "guess" });
    expect(getClientIp(wrongMark, serverEnv)).toBeNull();
    // Under plain `next start` there is no mark at all: the address is unknown.
    expect(getClientIp(stamped("127.0.0.1"), {})).toBeNull();
  });

  it("returns null for a malformed address", () => {
    expect(getClientIp(stamped("not-an-address"), serverEnv)).toBeNull();
    expect(getClientIp(stamped(""), serverEnv)).toBeNull();
  });
});

describe("getClientIp behind a trusted proxy", () => {
  const env = { ...serverEnv, TRUSTED_PROXY_HEADER: "X-Forwarded-For" };

  it("takes the right-most entry, the one the proxy appended", () => {
    const headers = new Headers({ "x-forwarded-for": "127.0.0.1, 10.9.8.7, 198.51.100.20" });
    expect(getClientIp(headers, env)).toBe("198.51.100.20");
  });

  it("ignores the stamped peer address (the proxy) and other headers", () => {
    const headers = stamped("10.0.0.2", { "x-forwarded-for": "198.51.100.20", "x-real-ip": "127.0.0.1" });
    expect(getClientIp(headers, env)).toBe("198.51.100.20");
  });

  it("returns null when the header is missing or its last entry is not an address", () => {
    expect(getClientIp(stamped("127.0.0.1"), env)).toBeNull();
    expect(getClientIp(new Headers({ "x-forwarded-for": "198.51.100.20, unknown" }), env)).toBeNull();
  });

  it("reads a single-value header such as x-real-ip", () => {
    const headers = new Headers({ "x-real-ip": "2001:db8::7", "x-forwarded-for": "127.0.0.1" });
    expect(getClientIp(headers, { TRUSTED_PROXY_HEADER: "x-real-ip" })).toBe("2001:db8::7");
  });
});

describe("normalizeIp", () => {
  it("accepts dotted IPv4, IPv6, and either with a port", () => {
    expect(normalizeIp("192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("192.0.2.1:8443")).toBe("192.0.2.1");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("2001:0db8:0000::0001")).toBe("2001:db8::1");
  });

  it("rejects anything else", () => {
    for (const value of ["127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "' OR 1=1 --", "x".repeat(10_000)]) {
      expect(normalizeIp(value)).toBeNull();
    }
  });
});

describe("ipThrottleKey", () => {
  it("keys IPv4 by address and IPv6 by /64", () => {
    expect(ipThrottleKey("192.0.2.1")).toBe("ip:192.0.2.1");
    expect(ipThrottleKey("2001:db8:1:2:aaaa::1")).toBe("ip:2001:db8:1:2::/64");
    expect(ipThrottleKey("2001:db8:1:2:bbbb::9")).toBe(ipThrottleKey("2001:db8:1:2:aaaa::1"));
    expect(ipThrottleKey("2001:db8:1:3::1")).not.toBe(ipThrottleKey("2001:db8:1:2::1"));
  });
});

describe("isHttpsRequest", () => {
  const https = new Headers({ "x-forwarded-proto": "https" });

  it("believes x-forwarded-proto only behind a trusted proxy", () => {
    expect(isHttpsRequest(https, {})).toBe(false);
    expect(isHttpsRequest(https, { TRUSTED_PROXY_HEADER: "x-forwarded-for" })).toBe(true);
    expect(isHttpsRequest(new Headers(), { TRUSTED_PROXY_HEADER: "x-forwarded-for" })).toBe(false);
  });

  it("is always true when APP_URL is https", () => {
    expect(isHttpsRequest(new Headers(), { APP_URL: "https://weddings.example.com" })).toBe(true);
    expect(isHttpsRequest(new Headers(), { APP_URL: " HTTPS://weddings.example.com " })).toBe(true);
    expect(isHttpsRequest(new Headers(), { APP_URL: "http://weddings.example.com" })).toBe(false);
    // A forged x-forwarded-proto does not make plain http look like TLS.
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https" }), { APP_URL: "http://localhost" })).toBe(false);
  });

  it("is always true when NEXTAUTH_URL is https", () => {
    expect(isHttpsRequest(new Headers(), { NEXTAUTH_URL: "https://weddings.example.com" })).toBe(true);
    expect(isHttpsRequest(new Headers(), { NEXTAUTH_URL: "http://localhost:3000" })).toBe(false);
  });
});
