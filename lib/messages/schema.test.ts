import { describe, expect, it } from "vitest";
import { ZMessageBody } from "./schema";

describe("ZMessageBody", () => {
  it("keeps text as typed, with line breaks normalised and control characters removed", () => {
    expect(ZMessageBody.parse("  <b>Hi</b>\r\nthere\u0000\u0007\tok  ")).toBe("<b>Hi</b>\nthere\tok");
  });

  it("refuses empty, blank and too long messages, and non-text", () => {
    for (const bad of ["", "   ", "\u0001", "x".repeat(2001), 42, null]) {
      expect(ZMessageBody.safeParse(bad).success, String(bad).slice(0, 10)).toBe(false);
    }
    expect(ZMessageBody.parse("x".repeat(2000))).toHaveLength(2000);
  });
});
