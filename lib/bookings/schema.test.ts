import { describe, expect, it } from "vitest";
import {
  availabilityWindow,
  bookableValue,
  bookingsPageHref,
  parseBookingsSearchParams,
  todayUtc,
  ZCancelBookingSchema,
  ZReserveBookingSchema,
} from "./schema";

const good = { weddingId: "3", bookable: "venue:12", eventDate: "2027-06-12", totalCost: "4500.00", notes: "" };

describe("ZReserveBookingSchema", () => {
  it("reads a venue or a vendor from one field, money as exact text, empty notes as none", () => {
    expect(ZReserveBookingSchema.parse(good)).toEqual({
      weddingId: 3,
      bookable: { kind: "venue", id: 12 },
      eventDate: "2027-06-12",
      totalCost: "4500.00",
      notes: undefined,
    });
    expect(ZReserveBookingSchema.parse({ ...good, bookable: "vendor:7", totalCost: "007.5" })).toMatchObject({
      bookable: { kind: "vendor", id: 7 },
      totalCost: "7.5",
    });
  });

  it.each([
    ["bookable", { bookable: "venue:12,vendor:7" }],
    ["bookable", { bookable: "venue:-1" }],
    ["bookable", { bookable: "venue:0" }],
    ["bookable", { bookable: "VENUE:1" }],
    ["bookable", { bookable: 12 }],
    ["eventDate", { eventDate: "12/06/2027" }],
    ["eventDate", { eventDate: "2027-13-01" }],
    ["eventDate", { eventDate: "2101-01-01" }],
    ["totalCost", { totalCost: "-0.01" }],
    ["totalCost", { totalCost: "1e3" }],
    ["totalCost", { totalCost: "" }],
    ["notes", { notes: "é".repeat(2001) }],
    ["weddingId", { weddingId: "1.5" }],
  ])("refuses a bad %s", (field, change) => {
    const result = ZReserveBookingSchema.safeParse({ ...good, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([field]);
  });

  it("keeps notes of exactly 2000 characters", () => {
    expect(ZReserveBookingSchema.parse({ ...good, notes: "n".repeat(2000) }).notes).toHaveLength(2000);
  });
});

describe("ZCancelBookingSchema", () => {
  it("needs the booking's id and event day (its partition key)", () => {
    expect(ZCancelBookingSchema.parse({ weddingId: "3", bookingId: "40", eventDate: "2027-06-12" })).toEqual({
      weddingId: 3,
      bookingId: 40,
      eventDate: "2027-06-12",
    });
    expect(ZCancelBookingSchema.safeParse({ weddingId: "3", bookingId: "40" }).success).toBe(false);
  });
});

describe("the bookings page's address", () => {
  it("preselects a vendor or a venue", () => {
    expect(parseBookingsSearchParams({ vendor: "7" })).toEqual({
      params: { vendor: 7 },
      preselect: { kind: "vendor", id: 7 },
      notes: [],
    });
    expect(parseBookingsSearchParams({ venue: "4", status: "Cancelled" }).preselect).toEqual({ kind: "venue", id: 4 });
  });

  it("ignores what it cannot use, and says so", () => {
    const both = parseBookingsSearchParams({ vendor: "7", venue: "4" });
    expect(both.preselect).toBeNull();
    expect(both.notes).toHaveLength(1);
    const bad = parseBookingsSearchParams({ vendor: "x'; DROP", status: "Lost" });
    expect(bad.preselect).toBeNull();
    expect(bad.params).toEqual({});
    expect(bad.notes).toHaveLength(2);
  });

  it("writes the address back", () => {
    expect(bookingsPageHref(3)).toBe("/weddings/3/bookings");
    expect(bookingsPageHref(3, { vendor: 7, status: "Confirmed" })).toBe(
      "/weddings/3/bookings?vendor=7&status=Confirmed",
    );
    expect(bookableValue({ kind: "vendor", id: 7 })).toBe("vendor:7");
    expect(todayUtc(new Date("2026-11-23T23:30:00-05:00"))).toBe("2026-11-24");
  });
});

describe("availabilityWindow", () => {
  it("gives the days either side of the wedding, across months and leap days", () => {
    expect(availabilityWindow("2027-06-12")).toEqual({ from: "2027-05-13", to: "2027-07-12" });
    expect(availabilityWindow("2028-03-01", 1)).toEqual({ from: "2028-02-29", to: "2028-03-02" });
    expect(availabilityWindow("2027-01-01", 0)).toEqual({ from: "2027-01-01", to: "2027-01-01" });
  });

  it("refuses what is not a date", () => {
    expect(() => availabilityWindow("")).toThrow(RangeError);
    expect(() => availabilityWindow("12/06/2027")).toThrow(RangeError);
  });
});
