import { describe, expect, it } from "vitest";
import { outboxHref, parseOutboxSearchParams, remindHref } from "./schema";

describe("the outbox page's address", () => {
  it("defaults to page 1 of every status", () => {
    expect(parseOutboxSearchParams({})).toEqual({ filters: { page: 1 }, notes: [] });
  });

  it("reads a status and a page", () => {
    expect(parseOutboxSearchParams({ status: "failed", page: "3" })).toEqual({
      filters: { status: "failed", page: 3 },
      notes: [],
    });
  });

  it("reads an event to preselect, and links to it", () => {
    expect(parseOutboxSearchParams({ event: "42" }).filters).toEqual({ page: 1, event: 42 });
    expect(parseOutboxSearchParams({ event: "x" }).notes).toEqual([
      'Ignored the event "x": an event id is a whole number.',
    ]);
    expect(remindHref(7, 42)).toBe("/weddings/7/outbox?event=42");
    // Paging and filtering do not carry it along.
    expect(outboxHref(7, { page: 1, event: 42 }, { page: 2 })).toBe("/weddings/7/outbox?page=2");
  });

  it("ignores bad values with a note", () => {
    const { filters, notes } = parseOutboxSearchParams({ status: "lost", page: "-1" });
    expect(filters).toEqual({ page: 1 });
    expect(notes).toEqual([
      'Ignored the status filter "lost": use queued, sending, sent, failed, skipped.',
      'Ignored the page number "-1": pages run from 1 to 100000.',
    ]);
  });

  it("writes only what differs from the defaults", () => {
    expect(outboxHref(7, { page: 1 })).toBe("/weddings/7/outbox");
    expect(outboxHref(7, { page: 1, status: "sent" }, { page: 2 })).toBe("/weddings/7/outbox?status=sent&page=2");
    expect(outboxHref(7, { page: 4, status: "sent" }, { status: undefined, page: 1 })).toBe("/weddings/7/outbox");
  });
});
