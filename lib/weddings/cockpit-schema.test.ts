import { describe, expect, it } from "vitest";
import {
  cockpitHref,
  DEFAULT_COCKPIT_FILTERS,
  isCockpitFiltered,
  parseCockpitSearchParams,
  parseWeddingId,
} from "./cockpit-schema";

describe("parseCockpitSearchParams", () => {
  it("gives the defaults for an empty address, without notes", () => {
    expect(parseCockpitSearchParams({})).toEqual({ filters: DEFAULT_COCKPIT_FILTERS, notes: [] });
  });

  it("reads the search, every filter, the sort and the page", () => {
    const { filters, notes } = parseCockpitSearchParams({
      q: "  Ana & Marko ",
      status: "Confirmed",
      over: "1",
      overdue: "1",
      sort: "budget_used",
      dir: "desc",
      page: "3",
      size: "10",
    });
    expect(notes).toEqual([]);
    expect(filters).toEqual({
      q: "Ana & Marko",
      status: "Confirmed",
      over: true,
      overdue: true,
      sort: "budget_used",
      dir: "desc",
      page: 3,
      size: 10,
    });
  });

  it("treats empty form fields as not given", () => {
    const { filters, notes } = parseCockpitSearchParams({ q: "", status: "", over: "", overdue: "" });
    expect(notes).toEqual([]);
    expect(filters).toEqual(DEFAULT_COCKPIT_FILTERS);
  });

  it.each([
    ["q", "x".repeat(101)],
    ["q", "   "],
    ["status", "Eloped"],
    ["status", "confirmed"],
    ["status", "Planning' OR 1=1 --"],
    ["over", "yes"],
    ["over", "0"],
    ["overdue", "true"],
    ["sort", "wedding_date; DROP TABLE wedding"],
    ["sort", "budget"],
    ["sort", "DATE"],
    ["dir", "sideways"],
    ["page", "0"],
    ["page", "-1"],
    ["page", "1.5"],
    ["page", "1e3"],
    ["page", "10001"],
    ["size", "100"],
    ["size", "24"],
    ["size", "abc"],
  ])("ignores %s=%j with a note and keeps the default", (key, value) => {
    const { filters, notes } = parseCockpitSearchParams({ [key]: value });
    expect(filters).toEqual(DEFAULT_COCKPIT_FILTERS);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Ignored the /);
  });

  it("keeps the valid values when another one is bad", () => {
    const { filters, notes } = parseCockpitSearchParams({ q: "Ohrid", sort: "bogus", page: "2" });
    expect(filters).toEqual({ ...DEFAULT_COCKPIT_FILTERS, q: "Ohrid", page: 2 });
    expect(notes).toEqual([expect.stringContaining("sort column")]);
  });

  it("ignores a parameter given twice", () => {
    const { filters, notes } = parseCockpitSearchParams({ status: ["Planning", "Confirmed"] });
    expect(filters.status).toBeUndefined();
    expect(notes).toEqual(["Ignored the status filter: it was given more than once."]);
  });

  it("keeps LIKE wildcards in the search as typed: the query escapes them", () => {
    expect(parseCockpitSearchParams({ q: "100%_\\" }).filters.q).toBe("100%_\\");
  });
});

describe("cockpitHref", () => {
  it("keeps only what differs from the defaults", () => {
    expect(cockpitHref(DEFAULT_COCKPIT_FILTERS)).toBe("/weddings");
    expect(cockpitHref(DEFAULT_COCKPIT_FILTERS, { sort: "couple", dir: "desc", page: 2 })).toBe(
      "/weddings?sort=couple&dir=desc&page=2",
    );
    expect(cockpitHref({ ...DEFAULT_COCKPIT_FILTERS, over: true, overdue: true })).toBe("/weddings?over=1&overdue=1");
  });

  it("drops a cleared filter", () => {
    const filters = { ...DEFAULT_COCKPIT_FILTERS, q: "Ana", over: true as const };
    expect(cockpitHref(filters, { q: undefined, over: undefined })).toBe("/weddings");
  });

  it("round-trips through the parser, with characters that need encoding", () => {
    const { filters } = parseCockpitSearchParams({
      q: "Ana & Marko=100%",
      status: "Planning",
      overdue: "1",
      sort: "next_event",
      dir: "desc",
      page: "4",
      size: "50",
    });
    const query = Object.fromEntries(new URL(cockpitHref(filters), "http://x").searchParams);
    expect(parseCockpitSearchParams(query)).toEqual({ filters, notes: [] });
  });

  it("says whether anything narrows the list", () => {
    expect(isCockpitFiltered(DEFAULT_COCKPIT_FILTERS)).toBe(false);
    expect(isCockpitFiltered({ ...DEFAULT_COCKPIT_FILTERS, sort: "name", page: 2 })).toBe(false);
    expect(isCockpitFiltered({ ...DEFAULT_COCKPIT_FILTERS, q: "x" })).toBe(true);
    expect(isCockpitFiltered({ ...DEFAULT_COCKPIT_FILTERS, overdue: true })).toBe(true);
  });
});

describe("parseWeddingId", () => {
  it("accepts plain positive 32-bit integers only", () => {
    expect(parseWeddingId("12")).toBe(12);
    expect(parseWeddingId("2147483647")).toBe(2_147_483_647);
    for (const bad of ["0", "-1", "1.0", "1e3", " 7", "2147483648", "abc", "", "12;DROP", "٣"]) {
      expect(parseWeddingId(bad), bad).toBeNull();
    }
  });
});
