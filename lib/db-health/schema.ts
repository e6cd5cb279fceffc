import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// The health page's address (top-query sort, whether to measure bloat) and the
// reset form. Imports nothing server-only: the client components use it too.

export const STATS_TARGETS = ["statements", "database"] as const;
export type TStatsTarget = (typeof STATS_TARGETS)[number];

export const ZResetStatsSchema = z.object({
  target: z.enum(STATS_TARGETS, { error: "Choose which statistics to reset." }),
});
export type TResetStats = z.infer<typeof ZResetStatsSchema>;

export const QUERY_SORTS = ["total", "mean", "p95", "calls", "rows", "hit"] as const;
export type TQuerySort = (typeof QUERY_SORTS)[number];

const fields = {
  sort: {
    schema: z.enum(QUERY_SORTS).default("total"),
    label: "the top-query sort",
    hint: `sort by ${QUERY_SORTS.join(", ")}.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("desc"), label: "the sort direction", hint: "use asc or desc." },
  bloat: { schema: z.enum(["1"]).optional(), label: "the bloat switch", hint: "use bloat=1 to measure bloat." },
};

export type THealthParams = SearchParamValues<typeof fields>;
export const DEFAULT_HEALTH_PARAMS: THealthParams = { sort: "total", dir: "desc" };

export function parseHealthSearchParams(raw: RawSearchParams): { params: THealthParams; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  return { params: values, notes };
}

export function healthHref(params: THealthParams, changes: Partial<THealthParams> = {}): string {
  const next = { ...params, ...changes };
  return `/admin/health${toQueryString({ sort: next.sort, dir: next.dir, bloat: next.bloat }, DEFAULT_HEALTH_PARAMS)}`;
}
