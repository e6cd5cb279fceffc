import { describe, expect, it } from "vitest";
import { auditExportHref, auditListHref, DEFAULT_AUDIT_FILTERS, parseAuditSearchParams, parseLogId } from "./schema";

describe("parseAuditSearchParams", () => {
  it("gives the defaults for an empty address, without notes", () => {
    expect(parseAuditSearchParams({})).toEqual({ filters: DEFAULT_AUDIT_FILTERS, notes: [] });
  });

  it("reads every filter, the sort and the page", () => {
    const { filters, notes } = parseAuditSearchParams({
      table: "event_rsvp",
      op: "UPDATE",
      actor: "  ana@example.com ",
      record: "42",
      from: "2026-11-01",
      to: "2026-11-30",
      sort: "record_id",
      dir: "asc",
      page: "3",
      size: "100",
    });
    expect(notes).toEqual([]);
    expect(filters).toEqual({
      table: "event_rsvp",
      op: "UPDATE",
      actor: "ana@example.com",
      record: "42",
      from: "2026-11-01",
      to: "2026-11-30",
      sort: "record_id",
      dir: "asc",
      page: 3,
      size: 100,
    });
  });

  it("treats empty form fields as not given", () => {
    const { filters, notes } = parseAuditSearchParams({ table: "", op: "", actor: "", record: "", from: "", to: "" });
    expect(notes).toEqual([]);
    expect(filters).toEqual(DEFAULT_AUDIT_FILTERS);
  });

  it.each([
    ["table", "users; DROP TABLE audit_log"],
    ["table", "audit_log"],
    ["op", "TRUNCATE"],
    ["op", "update"],
    ["actor", "x".repeat(101)],
    ["record", "1 OR 1=1"],
    ["record", "0"],
    ["record", "-5"],
    ["record", "1".repeat(19)],
    ["from", "2026-02-30"],
    ["from", "yesterday"],
    ["to", "2026-13-01"],
    ["sort", "changed_at; DELETE FROM users"],
    ["sort", "new_values"],
    ["dir", "sideways"],
    ["page", "0"],
    ["page", "-1"],
    ["page", "1.5"],
    ["page", "100001"],
    ["page", "1e3"],
    ["size", "1000"],
    ["size", "abc"],
  ])("ignores %s=%j with a note and keeps the default", (key, value) => {
    const { filters, notes } = parseAuditSearchParams({ [key]: value });
    expect(filters).toEqual(DEFAULT_AUDIT_FILTERS);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Ignored the /);
  });

  it("keeps the valid filters when another one is bad", () => {
    const { filters, notes } = parseAuditSearchParams({ table: "guest", sort: "bogus", page: "2" });
    expect(filters).toEqual({ ...DEFAULT_AUDIT_FILTERS, table: "guest", page: 2 });
    expect(notes).toEqual([expect.stringContaining("sort column")]);
  });

  it("ignores a parameter given twice", () => {
    const { filters, notes } = parseAuditSearchParams({ table: ["guest", "users"] });
    expect(filters.table).toBeUndefined();
    expect(notes).toEqual(["Ignored the table filter: it was given more than once."]);
  });

  it("ignores a date range that ends before it starts", () => {
    const { filters, notes } = parseAuditSearchParams({ from: "2026-12-01", to: "2026-11-01" });
    expect(filters.from).toBeUndefined();
    expect(filters.to).toBeUndefined();
    expect(notes).toEqual([expect.stringContaining("is after the end")]);
  });

  it("echoes at most 40 characters of a bad value", () => {
    const { notes } = parseAuditSearchParams({ sort: "a".repeat(5000) });
    expect(notes[0]).not.toContain("a".repeat(41));
    expect(notes[0]).toContain(`"${"a".repeat(40)}…"`);
  });
});

describe("auditListHref", () => {
  it("keeps only what differs from the defaults", () => {
    expect(auditListHref(DEFAULT_AUDIT_FILTERS)).toBe("/admin/audit");
    expect(auditListHref(DEFAULT_AUDIT_FILTERS, { table: "guest", page: 2 })).toBe("/admin/audit?table=guest&page=2");
  });

  it("round-trips through the parser", () => {
    const filters = parseAuditSearchParams({ actor: "a&b=c", record: "7", sort: "operation", dir: "asc" }).filters;
    const query = Object.fromEntries(new URL(auditListHref(filters), "http://x").searchParams);
    expect(parseAuditSearchParams(query).filters).toEqual(filters);
  });

  it("leaves page and page size out of the export link", () => {
    const { filters } = parseAuditSearchParams({ table: "guest", page: "4", size: "25" });
    expect(auditExportHref(filters)).toBe("/admin/audit/export?table=guest");
  });
});

describe("parseLogId", () => {
  it("accepts positive bigints only", () => {
    expect(parseLogId("12")).toBe(12n);
    expect(parseLogId("9223372036854775807")).toBe(9223372036854775807n);
    for (const bad of ["0", "-1", "1.0", "9223372036854775808", "1;DROP", "", "٣"]) expect(parseLogId(bad)).toBeNull();
  });
});
