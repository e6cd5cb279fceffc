import { describe, expect, it } from "vitest";
import { bookingLink } from "./booking-link";

describe("bookingLink", () => {
  it("leads to the wedding's booking page with the vendor", () => {
    expect(bookingLink("7", "12")).toEqual({ status: 303, location: "/weddings/12/bookings?vendor=7" });
  });

  it.each([null, "", "abc", "-3", "1e3", "0", "99999999999", "12/../../admin"])(
    "sends the wedding choice %s back to the vendor page",
    (wedding) => {
      expect(bookingLink("7", wedding)).toEqual({ status: 303, location: "/vendors/7?book=choose" });
    },
  );

  it("is not found for a malformed vendor id, so it never leads off the site", () => {
    for (const vendor of ["abc", "//evil.example", "0", "7?x=1"])
      expect(bookingLink(vendor, "1")).toEqual({ status: 404 });
  });
});
