import { describe, expect, it } from "vitest";
import { formatCount } from "./count";

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  it("shows zero", () => {
    expect(formatCount(0)).toBe("0");
  });
});
