import { describe, expect, it } from "vitest";
import {
  DEFAULT_GUEST_FILTERS,
  guestListHref,
  parseGuestSearchParams,
  ZBulkRsvpSchema,
  ZCreateHouseholdSchema,
  ZSetRsvpSchema,
  ZVersion,
} from "./schema";

describe("parseGuestSearchParams", () => {
  it("falls back to name order with no filters", () => {
    expect(parseGuestSearchParams({})).toEqual({ filters: DEFAULT_GUEST_FILTERS, notes: [] });
  });

  it("reads search, event, RSVP status and an event column to sort by", () => {
    expect(
      parseGuestSearchParams({ q: "  petrov ", event: "12", status: "Pending", sort: "event-12", dir: "desc" }),
    ).toEqual({ filters: { q: "petrov", event: 12, status: "Pending", sort: "event-12", dir: "desc" }, notes: [] });
  });

  it("treats an event without a status as 'invited', and a status without an event as nothing", () => {
    expect(parseGuestSearchParams({ event: "3" }).filters.status).toBe("invited");
    expect(parseGuestSearchParams({ status: "invited" })).toEqual({ filters: DEFAULT_GUEST_FILTERS, notes: [] });
    expect(parseGuestSearchParams({ status: "Declined" })).toEqual({
      filters: DEFAULT_GUEST_FILTERS,
      notes: ["Ignored the RSVP status: choose an event for it too."],
    });
  });

  it("ignores bad values with a note instead of failing", () => {
    const { filters, notes } = parseGuestSearchParams({
      q: "x".repeat(101),
      event: "1; DROP TABLE guest",
      status: "Maybe",
      sort: "password_hash",
      dir: ["asc", "desc"],
    });
    expect(filters).toEqual(DEFAULT_GUEST_FILTERS);
    expect(notes).toHaveLength(5);
  });
});

describe("guestListHref", () => {
  it("keeps only what differs from the defaults, and drops the status without an event", () => {
    expect(guestListHref(7, DEFAULT_GUEST_FILTERS)).toBe("/weddings/7/guests");
    expect(
      guestListHref(7, { ...DEFAULT_GUEST_FILTERS, q: "a&b", event: 3, status: "Accepted" }, { dir: "desc" }),
    ).toBe("/weddings/7/guests?q=a%26b&event=3&status=Accepted&dir=desc");
    expect(guestListHref(7, { ...DEFAULT_GUEST_FILTERS, status: "Accepted" })).toBe("/weddings/7/guests");
  });
});

describe("form schemas", () => {
  it("reads a household's allowance from a form field, and nothing else", () => {
    expect(ZCreateHouseholdSchema.parse({ weddingId: "4", name: " A ", plusOneAllowance: "" })).toEqual({
      weddingId: 4,
      name: "A",
      plusOneAllowance: 0,
    });
    for (const bad of ["-1", "21", "1.5", "1e1", " ", "NaN", ["1", "2"]]) {
      expect(ZCreateHouseholdSchema.safeParse({ weddingId: "4", name: "A", plusOneAllowance: bad }).success).toBe(
        false,
      );
    }
  });

  it("takes one checked guest or several", () => {
    expect(ZBulkRsvpSchema.parse({ weddingId: "1", eventId: "2", guestIds: "3" }).guestIds).toEqual([3]);
    expect(ZBulkRsvpSchema.parse({ weddingId: "1", eventId: "2", guestIds: ["3", "4"] }).guestIds).toEqual([3, 4]);
    expect(
      ZBulkRsvpSchema.safeParse({ weddingId: "1", eventId: "2", guestIds: Array.from({ length: 2_001 }, () => "1") })
        .success,
    ).toBe(false);
  });

  it("reads plus-one names one per line, ignoring blank lines", () => {
    const parsed = ZSetRsvpSchema.parse({
      weddingId: "1",
      rsvpId: "2",
      version: "2026-11-25T10:00:00.123456Z",
      status: "Accepted",
      mealChoice: "Fish",
      plusOnes: "2",
      plusOneNames: " Ana \r\n\r\nBo\n",
    });
    expect(parsed).toMatchObject({ plusOnes: 2, plusOneNames: ["Ana", "Bo"], mealChoice: "Fish" });
  });

  it("accepts only versions written to the microsecond in UTC", () => {
    expect(ZVersion.safeParse("2026-11-25T10:00:00.123456Z").success).toBe(true);
    for (const bad of ["", "2026-11-25", "2026-11-25 10:00:00+00", "'; DROP TABLE x; --", "x".repeat(10_000)]) {
      expect(ZVersion.safeParse(bad).success).toBe(false);
    }
  });
});
