import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  ZIsoDay,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// The audit viewer's URL: filters, sort and page, all bookmarkable. Shared by
// the page, the CSV export and the client table, so it imports nothing server-only.

/** The tables the audit trigger is installed on (security migration). */
export const AUDITED_TABLES = [
  "booking",
  "budget",
  "calendar_feed",
  "client",
  "consent",
  "contract",
  "db_stats_reset",
  "event",
  "event_rsvp",
  "expense",
  "gdpr_request",
  "guest",
  "household",
  "message",
  "message_thread",
  "job_run",
  "matview_refresh",
  "outbox",
  "payment",
  "payment_installment",
  "planner",
  "proposal",
  "proposal_line",
  "users",
  "vendor",
  "vendor_package",
  "venue",
  "wedding",
] as const;
export const AUDIT_OPERATIONS = ["INSERT", "UPDATE", "DELETE"] as const;
export const AUDIT_SORTS = ["changed_at", "table_name", "operation", "changed_by", "record_id"] as const;
export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;
export const MAX_AUDIT_PAGE = 100_000;

export type TAuditedTable = (typeof AUDITED_TABLES)[number];
export type TAuditSort = (typeof AUDIT_SORTS)[number];

export function isAuditedTable(value: string): value is TAuditedTable {
  return (AUDITED_TABLES as readonly string[]).includes(value);
}
export type TSortDirection = "asc" | "desc";

const fields = {
  table: {
    schema: z.enum(AUDITED_TABLES).optional(),
    label: "the table filter",
    hint: "not an audited table.",
  },
  op: {
    schema: z.enum(AUDIT_OPERATIONS).optional(),
    label: "the operation filter",
    hint: "use INSERT, UPDATE or DELETE.",
  },
  actor: {
    schema: z.string().trim().min(1).max(100).optional(),
    label: "the actor filter",
    hint: "use at most 100 characters.",
  },
  record: {
    schema: z
      .string()
      .regex(/^[1-9]\d{0,17}$/)
      .optional(),
    label: "the record filter",
    hint: "a record id is a whole number.",
  },
  from: { schema: ZIsoDay.optional(), label: "the start date", hint: "use a date like 2026-11-01." },
  to: { schema: ZIsoDay.optional(), label: "the end date", hint: "use a date like 2026-11-30." },
  sort: {
    schema: z.enum(AUDIT_SORTS).default("changed_at"),
    label: "the sort column",
    hint: `sort by ${AUDIT_SORTS.join(", ")}.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("desc"), label: "the sort direction", hint: "use asc or desc." },
  page: {
    schema: zPositiveInt(MAX_AUDIT_PAGE).default(1),
    label: "the page number",
    hint: `pages run from 1 to ${MAX_AUDIT_PAGE}.`,
  },
  size: {
    schema: zPositiveInt(1_000)
      .pipe(z.union(AUDIT_PAGE_SIZES.map((size) => z.literal(size))))
      .default(50),
    label: "the page size",
    hint: `show ${AUDIT_PAGE_SIZES.join(", ")} rows per page.`,
  },
};

export type TAuditFilters = SearchParamValues<typeof fields>;

export const DEFAULT_AUDIT_FILTERS: TAuditFilters = { sort: "changed_at", dir: "desc", page: 1, size: 50 };

/** Valid filters from whatever the address holds, and a note for each value that was ignored. */
export function parseAuditSearchParams(raw: RawSearchParams): { filters: TAuditFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  const filters = { ...values };
  if (filters.from && filters.to && filters.from > filters.to) {
    notes.push(`Ignored the dates: the start (${filters.from}) is after the end (${filters.to}).`);
    delete filters.from;
    delete filters.to;
  }
  return { filters, notes };
}

/** The audit list's address for these filters, with `changes` applied. */
export function auditListHref(filters: TAuditFilters, changes: Partial<TAuditFilters> = {}): string {
  return `/admin/audit${auditQuery({ ...filters, ...changes })}`;
}

export function auditExportHref(filters: TAuditFilters): string {
  // Page and page size do not apply: the export holds every matching row (up to its cap).
  return `/admin/audit/export${auditQuery({ ...filters, page: 1, size: DEFAULT_AUDIT_FILTERS.size })}`;
}

function auditQuery(filters: TAuditFilters): string {
  return toQueryString(
    {
      table: filters.table,
      op: filters.op,
      actor: filters.actor,
      record: filters.record,
      from: filters.from,
      to: filters.to,
      sort: filters.sort,
      dir: filters.dir,
      page: filters.page,
      size: filters.size,
    },
    DEFAULT_AUDIT_FILTERS,
  );
}

const ZLogId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/)
  .transform((value) => BigInt(value))
  .refine((id) => id <= 9_223_372_036_854_775_807n);

/** A log id from the detail page's address: a positive bigint, or null. */
export function parseLogId(value: string): bigint | null {
  const parsed = ZLogId.safeParse(value);
  return parsed.success ? parsed.data : null;
}
