import { describe, expect, it } from "vitest";
import { getMetricsToken, isAuthorized } from "./token";

const TOKEN = "a-long-enough-metrics-token-0123456789";

describe("getMetricsToken", () => {
  it("is off without the setting", () => {
    expect(getMetricsToken({})).toEqual({ kind: "off" });
    expect(getMetricsToken({ METRICS_TOKEN: "  " })).toEqual({ kind: "off" });
  });

  it("refuses a short token or one with spaces", () => {
    expect(getMetricsToken({ METRICS_TOKEN: "short" }).kind).toBe("invalid");
    expect(getMetricsToken({ METRICS_TOKEN: "has spaces in the middle of it ok" }).kind).toBe("invalid");
  });

  it("accepts a long one", () => {
    expect(getMetricsToken({ METRICS_TOKEN: ` ${TOKEN} ` })).toEqual({ kind: "on", token: TOKEN });
  });
});

describe("isAuthorized", () => {
  it("accepts exactly the bearer token", () => {
    expect(isAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(isAuthorized(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    [null],
    [""],
    ["Bearer"],
    ["Bearer "],
    [TOKEN],
    [`Basic ${TOKEN}`],
    [`Bearer ${TOKEN}x`],
    [`Bearer ${TOKEN.slice(0, -1)}`],
    [`Bearer ${TOKEN} extra`],
  ])("refuses %j", (header) => {
    expect(isAuthorized(header, TOKEN)).toBe(false);
  });
});
