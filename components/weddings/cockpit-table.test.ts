import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CockpitRow } from "@/lib/weddings/cockpit";
import { DEFAULT_COCKPIT_FILTERS } from "@/lib/weddings/cockpit-schema";
import { CockpitTable } from "./cockpit-table";

// The client table renders the server's page as given: headers link to the
// next sort, each wedding links to its overview, and over-budget and overdue
// weddings say so in words as well as colour.

const row = (id: number, changes: Partial<CockpitRow> = {}): CockpitRow => ({
  id,
  name: `Ana & Marko ${id}`,
  date: "2027-06-12",
  status: "Confirmed",
  currency: "EUR",
  couple: "Ana & Marko Petrovski",
  daysLeft: 201,
  invited: 120,
  accepted: 80,
  pending: 25,
  budget: "30000.00",
  spent: "12000.50",
  budgetUsed: "40.00",
  overBudget: false,
  overdueCount: 0,
  overdueAmount: "0.00",
  nextEvent: { name: "Rehearsal dinner", date: "2027-06-11", startTime: "19:00" },
  ...changes,
});

function render(props: Parameters<typeof CockpitTable>[0]): string {
  return renderToStaticMarkup(createElement(CockpitTable, props));
}

describe("CockpitTable", () => {
  const filters = { ...DEFAULT_COCKPIT_FILTERS, q: "Ana", sort: "budget_used" as const, dir: "desc" as const, page: 2 };
  const html = render({
    rows: [
      row(7, { overBudget: true, budgetUsed: "112.35", spent: "33705.00" }),
      row(8, { overdueCount: 2, overdueAmount: "1500.10", currency: "GBP", nextEvent: null, budgetUsed: null }),
      row(9),
    ],
    total: 28,
    page: 2,
    filters,
  });

  it("marks the sorted column and links each header to its next sort on page 1, keeping the search", () => {
    expect(html).toMatch(/<th[^>]*aria-sort="descending"[^>]*>.*?Budget used/);
    expect(html).toContain('href="/weddings?q=Ana&amp;sort=budget_used"');
    expect(html).toContain('href="/weddings?q=Ana&amp;sort=couple"');
    expect((html.match(/aria-sort=/g) ?? []).length).toBe(9);
  });

  it("links each wedding to its overview from a row header", () => {
    expect(html).toMatch(/<th scope="row"[^>]*>.*?<a[^>]*href="\/weddings\/7"[^>]*>Ana &amp; Marko 7<\/a>/);
  });

  it("says over budget and overdue in words, with the amounts in the wedding's currency", () => {
    expect(html).toContain("112.4%");
    expect(html).toContain("Over budget");
    expect(html).toContain("€33,705.00 spent of €30,000.00");
    expect(html).toContain("2 overdue");
    expect(html).toContain("£1,500.10");
    expect(html).toContain("No budget");
    expect(html).toContain("None planned");
    expect((html.match(/data-flagged="true"/g) ?? []).length).toBe(2);
  });

  it("shows the days left, the guests and the next event", () => {
    expect(html).toContain("201 days left");
    expect(html).toMatch(/>120<.*?>80<.*?>25</);
    expect(html).toContain("Rehearsal dinner");
    expect(html).toContain("11 Jun 2027, 19:00");
  });

  it("pages through the URL: page 2 of 2 links back to page 1", () => {
    expect(html).toContain("Page 2 of 2");
    expect(html).toContain('href="/weddings?q=Ana&amp;sort=budget_used&amp;dir=desc"');
  });
});
