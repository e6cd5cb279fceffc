import { describe, expect, it } from "vitest";
import { DEFAULT_REVENUE_FILTERS, parseRevenueSearchParams, revenueHref } from "./schema";
import { pageRevenueCells, type RevenueCell } from "./table";

const cell = (month: string, category: string, payments: number, total: string): RevenueCell => ({
  month,
  category,
  payments,
  total,
  average: null,
  refunds: 0,
  refundedTotal: "0.00",
});

const cells = [
  cell("2026-03-01", "Florist", 2, "1500.00"),
  cell("2026-03-01", "Venue", 1, "3000.00"),
  cell("2026-04-01", "Catering", 1, "2000.00"),
  cell("2026-04-01", "Florist", 1, "250.50"),
];

describe("pageRevenueCells", () => {
  it("shows the newest month first by default", () => {
    const page = pageRevenueCells(cells, DEFAULT_REVENUE_FILTERS);
    expect(page.rows.map((r) => `${r.month} ${r.category}`)).toEqual([
      "2026-04-01 Catering",
      "2026-04-01 Florist",
      "2026-03-01 Florist",
      "2026-03-01 Venue",
    ]);
    expect(page).toMatchObject({ total: 4, page: 1, pageCount: 1 });
  });

  it("sorts amounts by value, not as text, and filters by category", () => {
    const byTotal = pageRevenueCells(cells, { ...DEFAULT_REVENUE_FILTERS, sort: "total", dir: "asc" });
    expect(byTotal.rows.map((r) => r.total)).toEqual(["250.50", "1500.00", "2000.00", "3000.00"]);
    const florist = pageRevenueCells(cells, { ...DEFAULT_REVENUE_FILTERS, category: "Florist" });
    expect(florist.rows.map((r) => r.month)).toEqual(["2026-04-01", "2026-03-01"]);
    expect(pageRevenueCells(cells, { ...DEFAULT_REVENUE_FILTERS, category: "Nope" }).total).toBe(0);
  });

  it("pages by 25 and clamps a page past the end", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      cell(`20${10 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`, "Cake", 1, "1.00"),
    );
    expect(pageRevenueCells(many, { ...DEFAULT_REVENUE_FILTERS, page: 2 }).rows).toHaveLength(5);
    expect(pageRevenueCells(many, { ...DEFAULT_REVENUE_FILTERS, page: 9 })).toMatchObject({ page: 2, pageCount: 2 });
  });
});

describe("the revenue address", () => {
  it("reads and writes currency, category, sort and page", () => {
    const { filters, notes } = parseRevenueSearchParams({
      currency: "USD",
      category: "Venue",
      sort: "total",
      page: "2",
    });
    expect(notes).toEqual([]);
    expect(revenueHref(filters)).toBe("/admin/revenue?currency=USD&category=Venue&sort=total&page=2");
    expect(revenueHref(DEFAULT_REVENUE_FILTERS)).toBe("/admin/revenue");
  });

  it("ignores bad values and says so", () => {
    const { filters, notes } = parseRevenueSearchParams({ currency: "euro", category: "x".repeat(41), dir: "up" });
    expect(filters).toEqual(DEFAULT_REVENUE_FILTERS);
    expect(notes).toHaveLength(3);
  });
});
