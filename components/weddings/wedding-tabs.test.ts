import { describe, expect, it } from "vitest";
import { isCurrentSection, WEDDING_SECTIONS, weddingSectionHref } from "./wedding-tabs";

describe("wedding sections", () => {
  it("link to every page of the wedding", () => {
    expect(WEDDING_SECTIONS.map((s) => weddingSectionHref(12, s.segment))).toEqual([
      "/weddings/12",
      "/weddings/12/guests",
      "/weddings/12/budget",
      "/weddings/12/events",
      "/weddings/12/bookings",
      "/weddings/12/vendors",
      "/weddings/12/outbox",
      "/weddings/12/qr-sheet",
    ]);
  });

  it("mark the overview only on itself, and other sections on their pages below too", () => {
    expect(isCurrentSection("/weddings/12", "/weddings/12", "")).toBe(true);
    expect(isCurrentSection("/weddings/12/guests", "/weddings/12", "")).toBe(false);
    expect(isCurrentSection("/weddings/12/guests", "/weddings/12/guests", "guests")).toBe(true);
    expect(isCurrentSection("/weddings/12/guests/import", "/weddings/12/guests", "guests")).toBe(true);
    expect(isCurrentSection("/weddings/12/guestsx", "/weddings/12/guests", "guests")).toBe(false);
    expect(isCurrentSection("/weddings/123/guests", "/weddings/12/guests", "guests")).toBe(false);
  });
});
