import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AuditRow } from "@/lib/audit/queries";
import { DEFAULT_AUDIT_FILTERS } from "@/lib/audit/schema";
import { AuditTable } from "./audit-table";

// The client table renders the server's page as given: headers link to the
// next sort, the sorted column says so, and the pages link through the URL.

const row = (logId: string, changes: Partial<AuditRow> = {}): AuditRow => ({
  logId,
  changedAt: "2026-11-01T10:00:00.000Z",
  tableName: "event_rsvp",
  operation: "UPDATE",
  recordId: "7",
  actor: { raw: "guest:12", label: "Guest: Ana Petrova" },
  changedKeys: ["status"],
  scrubbed: false,
  ...changes,
});

function render(props: Parameters<typeof AuditTable>[0]): string {
  return renderToStaticMarkup(createElement(AuditTable, props));
}

describe("AuditTable", () => {
  const filters = { ...DEFAULT_AUDIT_FILTERS, table: "event_rsvp" as const, page: 2, size: 25 as const };
  const html = render({
    rows: [row("51"), row("50", { operation: "INSERT", changedKeys: [], actor: { raw: "user:0", label: "System" } })],
    total: 60,
    page: 2,
    filters,
  });

  it("marks the sorted column and links each sortable header to its next sort, back on page 1", () => {
    expect(html).toMatch(/<th[^>]*aria-sort="descending"[^>]*>.*?Changed at/);
    expect(html).toContain('href="/admin/audit?table=event_rsvp&amp;dir=asc&amp;size=25"');
    expect(html).toContain('href="/admin/audit?table=event_rsvp&amp;sort=table_name&amp;dir=asc&amp;size=25"');
    expect(html).not.toMatch(/aria-sort="[a-z]+"[^>]*>Changes/);
  });

  it("shows the actor's name with the raw actor on hover, and links each entry", () => {
    expect(html).toContain('title="guest:12"');
    expect(html).toContain("Guest: Ana Petrova");
    expect(html).toMatch(/<a aria-label="Details of entry #51"[^>]*href="\/admin\/audit\/51"/);
    expect(html).toContain("New record");
    expect(html).toContain("1 Nov 2026, 10:00:00 UTC");
  });

  it("pages through the URL: page 2 of 3 links to pages 1 and 3", () => {
    expect(html).toContain("Page 2 of 3");
    expect(html).toContain('href="/admin/audit?table=event_rsvp&amp;page=3&amp;size=25"');
    expect(html).toContain('href="/admin/audit?table=event_rsvp&amp;size=25"');
  });
});
