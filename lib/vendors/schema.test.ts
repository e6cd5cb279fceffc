import { describe, expect, it } from "vitest";
import {
  cleanSearch,
  DEFAULT_VENDOR_FILTERS,
  isVendorSearchFiltered,
  MAX_VENDOR_SEARCH,
  parseVendorId,
  parseVendorSearchParams,
  priceBandLabel,
  vendorsHref,
  ZBookForWeddingSchema,
} from "./schema";

describe("cleanSearch", () => {
  it("trims, collapses spaces and replaces control characters", () => {
    expect(cleanSearch("  floral \u0000 arch\t\n ")).toEqual({ q: "floral arch", shortened: false });
    expect(cleanSearch(" \u0007 ")).toEqual({ q: undefined, shortened: false });
  });

  it(`keeps at most ${MAX_VENDOR_SEARCH} characters, never splitting an emoji`, () => {
    const long = cleanSearch("💐".repeat(300));
    expect(long.shortened).toBe(true);
    expect(Array.from(long.q!)).toHaveLength(MAX_VENDOR_SEARCH);
    expect(long.q).toBe("💐".repeat(MAX_VENDOR_SEARCH));
    expect(cleanSearch("x".repeat(MAX_VENDOR_SEARCH)).shortened).toBe(false);
  });
});

describe("the search address", () => {
  it("round-trips the filters and leaves the defaults out", () => {
    const filters = { ...DEFAULT_VENDOR_FILTERS, q: "floral & vine", category: "Florist" as const, band: 2, page: 2 };
    const href = vendorsHref(filters);
    expect(href).toBe("/vendors?q=floral+%26+vine&category=Florist&band=2&page=2");
    const raw = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseVendorSearchParams(raw)).toEqual({ filters, notes: [] });
    expect(vendorsHref(DEFAULT_VENDOR_FILTERS)).toBe("/vendors");
    expect(vendorsHref(filters, { page: 1 })).not.toContain("page=");
  });

  it("notes a search it had to shorten", () => {
    const { filters, notes } = parseVendorSearchParams({ q: "a".repeat(10_000) });
    expect(filters.q).toHaveLength(MAX_VENDOR_SEARCH);
    expect(notes).toEqual([`The search was shortened to its first ${MAX_VENDOR_SEARCH} characters.`]);
  });

  it("counts a search or filter as filtering, the page not", () => {
    expect(isVendorSearchFiltered(DEFAULT_VENDOR_FILTERS)).toBe(false);
    expect(isVendorSearchFiltered({ ...DEFAULT_VENDOR_FILTERS, page: 4 })).toBe(false);
    expect(isVendorSearchFiltered({ ...DEFAULT_VENDOR_FILTERS, region: "Ohrid" })).toBe(true);
    expect(isVendorSearchFiltered({ ...DEFAULT_VENDOR_FILTERS, status: "Inactive" })).toBe(true);
  });
});

describe("ids and choices", () => {
  it("reads a vendor id only from plain digits in range", () => {
    expect(parseVendorId("12")).toBe(12);
    for (const bad of ["0", "-1", "1e3", " 7", "12abc", "2147483648", "99999999999", ""]) {
      expect(parseVendorId(bad), bad).toBeNull();
    }
  });

  it("accepts a wedding choice in plain digits only", () => {
    expect(ZBookForWeddingSchema.parse({ wedding: "42" })).toEqual({ wedding: 42 });
    for (const bad of [undefined, "", "0", "abc", "1.5", "2147483648"]) {
      expect(ZBookForWeddingSchema.safeParse({ wedding: bad }).success, String(bad)).toBe(false);
    }
  });

  it("writes price bands as euro signs", () => {
    expect([1, 2, 3, 4].map(priceBandLabel)).toEqual(["€", "€€", "€€€", "€€€€"]);
  });
});
