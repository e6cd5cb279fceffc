import { z } from "zod";
import type { WeddingStatus } from "@/lib/generated/prisma/enums";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// The cockpit's URL: search, filters, sort and page, all bookmarkable. Shared
// by the page and the client table, so it imports nothing server-only.

export const WEDDING_STATUSES = [
  "Planning",
  "Confirmed",
  "Completed",
  "Cancelled",
] as const satisfies readonly WeddingStatus[];
export const COCKPIT_SORTS = [
  "name",
  "date",
  "couple",
  "invited",
  "accepted",
  "pending",
  "budget_used",
  "overdue",
  "next_event",
] as const;
export const COCKPIT_PAGE_SIZES = [10, 25, 50] as const;
export const MAX_COCKPIT_PAGE = 10_000;
export const MAX_COCKPIT_SEARCH = 100;

export type TCockpitSort = (typeof COCKPIT_SORTS)[number];
export type TSortDirection = "asc" | "desc";

/** A checkbox in a GET form: "1" when ticked, absent when not. */
const ZFlag = z
  .literal("1")
  .transform(() => true as const)
  .optional();

const fields = {
  q: {
    schema: z.string().trim().min(1).max(MAX_COCKPIT_SEARCH).optional(),
    label: "the search",
    hint: `use at most ${MAX_COCKPIT_SEARCH} characters.`,
  },
  status: {
    schema: z.enum(WEDDING_STATUSES).optional(),
    label: "the status filter",
    hint: `use ${WEDDING_STATUSES.join(", ")}.`,
  },
  over: { schema: ZFlag, label: "the over-budget filter", hint: "use 1 to show only weddings over budget." },
  overdue: { schema: ZFlag, label: "the overdue filter", hint: "use 1 to show only weddings with overdue payments." },
  sort: {
    schema: z.enum(COCKPIT_SORTS).default("date"),
    label: "the sort column",
    hint: `sort by ${COCKPIT_SORTS.join(", ")}.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("asc"), label: "the sort direction", hint: "use asc or desc." },
  page: {
    schema: zPositiveInt(MAX_COCKPIT_PAGE).default(1),
    label: "the page number",
    hint: `pages run from 1 to ${MAX_COCKPIT_PAGE}.`,
  },
  size: {
    schema: zPositiveInt(1_000)
      .pipe(z.union(COCKPIT_PAGE_SIZES.map((size) => z.literal(size))))
      .default(25),
    label: "the page size",
    hint: `show ${COCKPIT_PAGE_SIZES.join(", ")} rows per page.`,
  },
};

export type TCockpitFilters = SearchParamValues<typeof fields>;

export const DEFAULT_COCKPIT_FILTERS: TCockpitFilters = { sort: "date", dir: "asc", page: 1, size: 25 };

/** Valid filters from whatever the address holds, and a note for each value that was ignored. */
export function parseCockpitSearchParams(raw: RawSearchParams): { filters: TCockpitFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  return { filters: values, notes };
}

/** Whether anything narrows the list (search or a filter), as opposed to sort and page. */
export function isCockpitFiltered(filters: TCockpitFilters): boolean {
  return Boolean(filters.q || filters.status || filters.over || filters.overdue);
}

/** The cockpit's address for these filters, with `changes` applied. */
export function cockpitHref(filters: TCockpitFilters, changes: Partial<TCockpitFilters> = {}): string {
  const next = { ...filters, ...changes };
  const query = toQueryString(
    {
      q: next.q,
      status: next.status,
      over: next.over ? "1" : undefined,
      overdue: next.overdue ? "1" : undefined,
      sort: next.sort,
      dir: next.dir,
      page: next.page,
      size: next.size,
    },
    DEFAULT_COCKPIT_FILTERS,
  );
  return `/weddings${query}`;
}

/** A wedding id from the address: a positive 32-bit integer, or null. */
export const ZWeddingIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export function parseWeddingId(value: string): number | null {
  // z.coerce alone would take "1e3" or " 7 "; an address names a wedding by its plain digits.
  if (!/^\d{1,10}$/.test(value)) return null;
  const parsed = ZWeddingIdSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
