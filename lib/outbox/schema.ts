import { z } from "zod";
import { parseSearchParams, toQueryString, zPositiveInt, type RawSearchParams } from "@/lib/url/search-params";

// The outbox's statuses and the outbox page's address. Shared by the page, the
// client table and the sender, so it imports nothing server-only.

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type TOutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_KINDS = ["rsvp_reminder"] as const;
export type TOutboxKind = (typeof OUTBOX_KINDS)[number];

export const KIND_LABELS: Record<TOutboxKind, string> = { rsvp_reminder: "RSVP reminder" };

/** A message that failed this many times is given up on (status failed). */
export const MAX_ATTEMPTS = 5;

export const OUTBOX_PAGE_SIZE = 25;
export const MAX_OUTBOX_PAGE = 100_000;

const fields = {
  status: {
    schema: z.enum(OUTBOX_STATUSES).optional(),
    label: "the status filter",
    hint: `use ${OUTBOX_STATUSES.join(", ")}.`,
  },
  event: {
    schema: zPositiveInt(2_147_483_647).optional(),
    label: "the event",
    hint: "an event id is a whole number.",
  },
  page: {
    schema: zPositiveInt(MAX_OUTBOX_PAGE).default(1),
    label: "the page number",
    hint: `pages run from 1 to ${MAX_OUTBOX_PAGE}.`,
  },
};

/** status and page choose the messages; event preselects the event to remind (a link from elsewhere). */
export type TOutboxFilters = { status?: TOutboxStatus; page: number; event?: number };

export function parseOutboxSearchParams(raw: RawSearchParams): { filters: TOutboxFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  return { filters: { ...values }, notes };
}

/** The outbox page's address for these filters, with `changes` applied. */
export function outboxHref(weddingId: number, filters: TOutboxFilters, changes: Partial<TOutboxFilters> = {}): string {
  const next = { ...filters, ...changes };
  return `/weddings/${weddingId}/outbox${toQueryString({ status: next.status, page: next.page }, { page: 1 })}`;
}

/** Where "Remind non-responders" for one event starts: the outbox page with that event chosen. */
export function remindHref(weddingId: number, eventId: number): string {
  return `/weddings/${weddingId}/outbox?event=${eventId}`;
}
