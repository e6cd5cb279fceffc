import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeLabel, routePatternsFromAppDir } from "./routes";

const routes = routePatternsFromAppDir(path.resolve("app"));

describe("routePatternsFromAppDir", () => {
  it("finds the app's pages and route handlers, without route groups", () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        "/",
        "/weddings",
        "/weddings/[id]",
        "/weddings/[id]/guests",
        "/weddings/[id]/guests/export",
        "/weddings/[id]/guests/[guestId]",
        "/admin/health",
        "/api/metrics",
        "/api/auth/[...nextauth]",
        "/rsvp/[token]",
      ]),
    );
    expect(routes.some((r) => r.includes("("))).toBe(false);
  });

  it("is empty for a folder that does not exist", () => {
    expect(routePatternsFromAppDir("/nonexistent/app")).toEqual([]);
  });
});

describe("routeLabel", () => {
  it.each([
    ["/", "/"],
    ["/weddings?sort=date", "/weddings"],
    ["/weddings/42", "/weddings/[id]"],
    ["/weddings/42/guests", "/weddings/[id]/guests"],
    ["/weddings/42/guests/export", "/weddings/[id]/guests/export"],
    ["/weddings/42/guests/7", "/weddings/[id]/guests/[guestId]"],
    ["/weddings/42/guests/import", "/weddings/[id]/guests/import"],
    ["/rsvp/secret-token-abc", "/rsvp/[token]"],
    ["/api/auth/callback/credentials", "/api/auth/[...nextauth]"],
    ["/admin/health?bloat=1", "/admin/health"],
    ["/_next/static/chunks/app.js", "/_next/static"],
    ["/_next/image?url=x", "/_next/image"],
    ["/_next/webpack-hmr", "/_next"],
    ["/no/such/page", "unmatched"],
    ["/weddings/42/unknown", "unmatched"],
    ["/%E0%A4%A", "unmatched"],
  ])("%s → %s", (url, label) => {
    expect(routeLabel(url, routes)).toBe(label);
  });

  it("never puts a token or an id in the label, whatever the path", () => {
    const labels = new Set(
      Array.from({ length: 200 }, (_, i) => routeLabel(`/rsvp/token-${i}`, routes)).concat(
        Array.from({ length: 200 }, (_, i) => routeLabel(`/weddings/${i}/guests`, routes)),
      ),
    );
    expect([...labels].sort()).toEqual(["/rsvp/[token]", "/weddings/[id]/guests"]);
  });
});
