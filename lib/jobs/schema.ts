import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";
import { JOB_NAMES } from "./catalog";

// The jobs' results as stored in job_run.result, their one-line summaries,
// and the address of the admin page's run history.

export const ZPartitionReportSchema = z.object({
  today: z.string(),
  created: z.array(z.object({ partition: z.string(), from: z.string(), to: z.string(), movedRows: z.number().int() })),
  defaultRows: z.array(
    z.object({
      parent: z.enum(["booking", "payment"]),
      rows: z.number().int(),
      minKey: z.string().nullable(),
      maxKey: z.string().nullable(),
    }),
  ),
  currentYearIndex: z.object({
    start: z.string(),
    previous: z.string().nullable(),
    rebuilt: z.boolean(),
    partitions: z.number().int(),
  }),
});
export type TPartitionReport = z.infer<typeof ZPartitionReportSchema>;

export const ZRevenueRefreshReportSchema = z.object({
  view: z.literal("mv_monthly_revenue"),
  mode: z.enum(["concurrently", "initial"]),
  rows: z.number().int(),
  durationMs: z.number().int(),
  refreshedAt: z.string(),
});
export type TRevenueRefreshReport = z.infer<typeof ZRevenueRefreshReportSchema>;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Rows found in a default partition, from a partition maintenance result (empty for anything else). */
export function defaultPartitionRows(result: unknown): TPartitionReport["defaultRows"] {
  const parsed = ZPartitionReportSchema.safeParse(result);
  return parsed.success ? parsed.data.defaultRows.filter((d) => d.rows > 0) : [];
}

/** One line about a job's result, for the admin page and `npm run jobs:once`. */
export function summarizeJobResult(jobName: string, result: unknown): string | null {
  if (jobName === "partition-maintenance") {
    const parsed = ZPartitionReportSchema.safeParse(result);
    if (!parsed.success) return null;
    const report = parsed.data;
    const moved = report.created.reduce((sum, p) => sum + p.movedRows, 0);
    const parts = [
      report.created.length
        ? `created ${plural(report.created.length, "partition")}${moved ? ` (${plural(moved, "row")} moved out of a default partition)` : ""}`
        : "all partitions already there",
    ];
    const left = report.defaultRows.filter((d) => d.rows > 0);
    parts.push(
      left.length
        ? left.map((d) => `${plural(d.rows, "row")} in ${d.parent}_default (${d.minKey} to ${d.maxKey})`).join(", ")
        : "default partitions empty",
    );
    const index = report.currentYearIndex;
    parts.push(
      index.rebuilt
        ? `current-year index rebuilt from ${index.start} on ${plural(index.partitions, "partition")}`
        : `current-year index starts ${index.start}`,
    );
    return parts.join("; ");
  }
  if (jobName === "refresh-monthly-revenue") {
    const parsed = ZRevenueRefreshReportSchema.safeParse(result);
    if (!parsed.success) return null;
    const report = parsed.data;
    return `${plural(report.rows, "row")}, refreshed ${report.mode === "initial" ? "for the first time" : "concurrently"} in ${report.durationMs} ms`;
  }
  return null;
}

// The run history's address ---------------------------------------------------------

export const JOB_RUN_STATUSES = ["running", "succeeded", "failed", "skipped"] as const;
export type TJobRunStatus = (typeof JOB_RUN_STATUSES)[number];
export const JOB_RUN_SORTS = ["started", "duration"] as const;
export type TJobRunSort = (typeof JOB_RUN_SORTS)[number];
export const JOB_RUNS_PAGE_SIZE = 25;

const runFields = {
  job: { schema: z.enum(JOB_NAMES).optional(), label: "the job filter", hint: `use ${JOB_NAMES.join(" or ")}.` },
  status: {
    schema: z.enum(JOB_RUN_STATUSES).optional(),
    label: "the status filter",
    hint: `use ${JOB_RUN_STATUSES.join(", ")}.`,
  },
  sort: {
    schema: z.enum(JOB_RUN_SORTS).default("started"),
    label: "the sort column",
    hint: "sort by started or duration.",
  },
  dir: { schema: z.enum(["asc", "desc"]).default("desc"), label: "the sort direction", hint: "use asc or desc." },
  page: { schema: zPositiveInt(10_000).default(1), label: "the page number", hint: "pages run from 1 to 10000." },
};

export type TJobRunFilters = SearchParamValues<typeof runFields>;
export const DEFAULT_JOB_RUN_FILTERS: TJobRunFilters = { sort: "started", dir: "desc", page: 1 };

export function parseJobRunSearchParams(raw: RawSearchParams): { filters: TJobRunFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(runFields, raw);
  return { filters: values, notes };
}

export function jobRunsHref(filters: TJobRunFilters, changes: Partial<TJobRunFilters> = {}): string {
  const next = { ...filters, ...changes };
  return `/admin/jobs${toQueryString(
    { job: next.job, status: next.status, sort: next.sort, dir: next.dir, page: next.page },
    DEFAULT_JOB_RUN_FILTERS,
  )}`;
}
