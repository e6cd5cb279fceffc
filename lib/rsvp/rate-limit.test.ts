import { describe, expect, it } from "vitest";
import { rsvpRateLimitKey } from "./rate-limit";

const token = "AbCdEfGhIjKlMnOpQrStUv-_";

describe("rsvpRateLimitKey", () => {
  it("counts by client address when it is known", () => {
    expect(rsvpRateLimitKey(token, "198.51.100.4")).toBe("rsvp:ip:198.51.100.4");
  });

  it("counts an IPv6 host by its /64, so it cannot rotate addresses to dodge the limit", () => {
    expect(rsvpRateLimitKey(token, "2001:db8:1:2::5")).toBe(rsvpRateLimitKey(token, "2001:db8:1:2:ffff::9"));
    expect(rsvpRateLimitKey(token, "2001:db8:1:2::5")).not.toBe(rsvpRateLimitKey(token, "2001:db8:1:3::5"));
  });

  it("falls back to the token when the address is unknown", () => {
    expect(rsvpRateLimitKey(token, null)).toBe(`rsvp:${token}`);
  });
});
