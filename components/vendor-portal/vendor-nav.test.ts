import { describe, expect, it } from "vitest";
import { isCurrentVendorSection, VENDOR_SECTIONS } from "./vendor-nav";

describe("vendor portal sections", () => {
  it("link to bookings, proposals, messages and the profile", () => {
    expect(VENDOR_SECTIONS.map((s) => s.href)).toEqual([
      "/vendor",
      "/vendor/proposals",
      "/vendor/messages",
      "/vendor/profile",
    ]);
  });

  it("mark bookings only on /vendor, other sections on their pages below too", () => {
    expect(isCurrentVendorSection("/vendor", "/vendor")).toBe(true);
    expect(isCurrentVendorSection("/vendor/messages", "/vendor")).toBe(false);
    expect(isCurrentVendorSection("/vendor/messages/12", "/vendor/messages")).toBe(true);
    expect(isCurrentVendorSection("/vendor/messagesx", "/vendor/messages")).toBe(false);
    expect(isCurrentVendorSection("/vendor/proposals", "/vendor/messages")).toBe(false);
  });
});
