import { describe, expect, it } from "vitest";
import {
  cappedSearchNote,
  formatMatchCount,
  isTextSearch,
  SEARCH_MATCH_CAP,
  toHitPage,
  type SearchRow,
} from "./public-catalog";

// How the page reads vendor_search()'s rows: a text search's count stops at
// the cap (D31), browsing by name counts every vendor.

function rows(count: number, totalCount: number): SearchRow[] {
  return Array.from({ length: count }, (_, i) => ({
    vendor_id: i + 1,
    name: `Vendor ${i + 1}`,
    service_category: "Florist",
    region: "North",
    status: "Active",
    price_band: 2,
    name_headline: `Vendor ${i + 1}`,
    headline: "",
    fts_rank: 0.5,
    similarity: 0,
    package_count: 0,
    from_price: null,
    total_count: totalCount,
  }));
}

describe("toHitPage", () => {
  it("caps a text search's count and says that more match", () => {
    const page = toHitPage(rows(20, SEARCH_MATCH_CAP + 1), { q: "photography", offset: 0 });
    expect(page).toMatchObject({ total: SEARCH_MATCH_CAP, more: true });
    expect(page.hits).toHaveLength(20);
  });

  it("gives an exact count under the cap", () => {
    expect(toHitPage(rows(20, 437), { q: "falconry", offset: 0 })).toMatchObject({ total: 437, more: false });
    expect(toHitPage(rows(20, SEARCH_MATCH_CAP), { q: "x", offset: 0 })).toMatchObject({
      total: SEARCH_MATCH_CAP,
      more: false,
    });
  });

  it("drops the row past the cap, so the page after the last one is empty", () => {
    expect(toHitPage(rows(20, SEARCH_MATCH_CAP + 1), { q: "band", offset: 980 }).hits).toHaveLength(20);
    expect(toHitPage(rows(1, SEARCH_MATCH_CAP + 1), { q: "band", offset: 1000 }).hits).toEqual([]);
  });

  it("does not cap browsing by name", () => {
    expect(toHitPage(rows(20, 200_000), { q: null, offset: 0 })).toMatchObject({ total: 200_000, more: false });
    expect(toHitPage(rows(20, 200_000), { q: "  \uE000 ", offset: 1000 }).hits).toHaveLength(20);
  });

  it("has no total without rows", () => {
    expect(toHitPage([], { q: "zeppelin", offset: 0 })).toEqual({ total: 0, more: false, hits: [] });
  });
});

describe("isTextSearch", () => {
  it("treats what vendor_search() trims to nothing as browsing", () => {
    expect(isTextSearch(null)).toBe(false);
    expect(isTextSearch("   ")).toBe(false);
    expect(isTextSearch("\uE000\uE001")).toBe(false);
    expect(isTextSearch(" rustic ")).toBe(true);
    expect(isTextSearch(`${" ".repeat(200)}rustic`)).toBe(false);
  });
});

describe("what the page says about the count", () => {
  it("shows 1,000+ and a note when more match than are ranked, and the plain count otherwise", () => {
    const capped = toHitPage(rows(20, SEARCH_MATCH_CAP + 1), { q: "rustic", offset: 0 });
    expect(formatMatchCount(capped)).toBe("1,000+");
    expect(cappedSearchNote(capped)).toBe(
      "More than 1,000 vendors match, so the best of the first 1,000 found are ranked here. " +
        "Add a word, a region or a category to narrow the search.",
    );
    const exact = toHitPage(rows(20, 437), { q: "falconry", offset: 0 });
    expect(formatMatchCount(exact)).toBe("437");
    expect(cappedSearchNote(exact)).toBeNull();
    expect(formatMatchCount(toHitPage(rows(20, 200_000), { q: null, offset: 0 }))).toBe("200,000");
  });
});
