import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_MAX_AGE_SECONDS, getSessionMaxAgeSeconds, requiresMfa } from "./config";

describe("getSessionMaxAgeSeconds", () => {
  it("defaults to 8 hours", () => {
    expect(DEFAULT_SESSION_MAX_AGE_SECONDS).toBe(28_800);
    expect(getSessionMaxAgeSeconds({})).toBe(28_800);
  });

  it("reads SESSION_MAX_AGE_SECONDS and refuses nonsense", () => {
    expect(getSessionMaxAgeSeconds({ SESSION_MAX_AGE_SECONDS: "3600" })).toBe(3600);
    for (const value of ["0", "-5", "1.5", "8h", "99999999"]) {
      expect(() => getSessionMaxAgeSeconds({ SESSION_MAX_AGE_SECONDS: value })).toThrow(/SESSION_MAX_AGE_SECONDS/);
    }
  });
});

describe("requiresMfa", () => {
  it("requires MFA for admins and vendors only", () => {
    expect(requiresMfa("admin")).toBe(true);
    expect(requiresMfa("vendor")).toBe(true);
    expect(requiresMfa("planner")).toBe(false);
  });
});
