import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// The revenue dashboard's address: which currency, and the table's filter,
// sort and page. Shared by the page and the client table.

export const REVENUE_SORTS = ["month", "category", "payments", "total"] as const;
export type TRevenueSort = (typeof REVENUE_SORTS)[number];
export const REVENUE_PAGE_SIZE = 25;

const fields = {
  currency: {
    schema: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    label: "the currency",
    hint: "use a three-letter code such as EUR.",
  },
  category: {
    schema: z.string().trim().min(1).max(40).optional(),
    label: "the category filter",
    hint: "use at most 40 characters.",
  },
  sort: {
    schema: z.enum(REVENUE_SORTS).default("month"),
    label: "the sort column",
    hint: `sort by ${REVENUE_SORTS.join(", ")}.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("desc"), label: "the sort direction", hint: "use asc or desc." },
  page: { schema: zPositiveInt(10_000).default(1), label: "the page number", hint: "pages run from 1 to 10000." },
};

export type TRevenueFilters = SearchParamValues<typeof fields>;
export const DEFAULT_REVENUE_FILTERS: TRevenueFilters = { sort: "month", dir: "desc", page: 1 };

export function parseRevenueSearchParams(raw: RawSearchParams): { filters: TRevenueFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  return { filters: values, notes };
}

export function revenueHref(filters: TRevenueFilters, changes: Partial<TRevenueFilters> = {}): string {
  const next = { ...filters, ...changes };
  return `/admin/revenue${toQueryString(
    { currency: next.currency, category: next.category, sort: next.sort, dir: next.dir, page: next.page },
    DEFAULT_REVENUE_FILTERS,
  )}`;
}
