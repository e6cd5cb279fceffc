import { describe, expect, it } from "vitest";
import { linksFor } from "./app-nav";

describe("the main navigation", () => {
  it("gives planners and admins the payments page, and vendors not", () => {
    const hrefs = (role: "admin" | "planner" | "vendor") =>
      linksFor({ email: "x@example.com", role, signedIn: true }).map((l) => l.href);
    expect(hrefs("planner")).toContain("/payments");
    expect(hrefs("admin")).toContain("/payments");
    expect(hrefs("vendor")).not.toContain("/payments");
    expect(linksFor({ email: "x@example.com", role: "planner", signedIn: false })).toEqual([]);
  });
});
