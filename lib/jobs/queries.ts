import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { JOB_CATALOG, JOB_NAMES, isJobName, type TJobName } from "./catalog";
import {
  JOB_RUNS_PAGE_SIZE,
  ZPartitionReportSchema,
  summarizeJobResult,
  type TJobRunFilters,
  type TJobRunSort,
  type TPartitionReport,
} from "./schema";

// Reads for /admin/jobs. Row-level security shows job_run to admins only
// (policy admin_read); anyone else gets empty lists.

export type JobRunRow = {
  id: string;
  jobName: string;
  title: string;
  source: string;
  attempt: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  summary: string | null;
};

export type JobSummary = {
  name: TJobName;
  title: string;
  description: string;
  schedule: string;
  retryLimit: number;
  lastRun: JobRunRow | null;
  /** When the job last succeeded (ISO), or null. */
  lastSuccessAt: string | null;
};

export type JobsOverview = {
  jobs: JobSummary[];
  /** Rows left in a default partition, as of the last successful partition maintenance; null before its first run. */
  defaultPartitions: { checkedAt: string; rows: TPartitionReport["defaultRows"] } | null;
};

export type JobRunPage = { rows: JobRunRow[]; total: number; page: number; pageCount: number; pageSize: number };

const runSelect = {
  id: true,
  jobName: true,
  source: true,
  attempt: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  error: true,
  result: true,
} satisfies Prisma.JobRunSelect;

type SelectedRun = Prisma.JobRunGetPayload<{ select: typeof runSelect }>;

function toRow(run: SelectedRun): JobRunRow {
  return {
    id: run.id.toString(),
    jobName: run.jobName,
    title: isJobName(run.jobName) ? JOB_CATALOG[run.jobName].title : run.jobName,
    source: run.source,
    attempt: run.attempt,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs,
    error: run.error,
    summary: run.status === "succeeded" ? summarizeJobResult(run.jobName, run.result) : null,
  };
}

const newestFirst: Prisma.JobRunOrderByWithRelationInput[] = [{ startedAt: "desc" }, { id: "desc" }];

export async function getJobsOverview(identity: Identity): Promise<JobsOverview> {
  return withIdentity(identity, async (tx) => {
    const jobs: JobSummary[] = [];
    let defaultPartitions: JobsOverview["defaultPartitions"] = null;
    for (const name of JOB_NAMES) {
      const entry = JOB_CATALOG[name];
      const lastRun = await tx.jobRun.findFirst({ where: { jobName: name }, orderBy: newestFirst, select: runSelect });
      const lastSuccess = await tx.jobRun.findFirst({
        where: { jobName: name, status: "succeeded" },
        orderBy: newestFirst,
        select: runSelect,
      });
      jobs.push({
        name,
        title: entry.title,
        description: entry.description,
        schedule: entry.schedule,
        retryLimit: entry.retryLimit,
        lastRun: lastRun ? toRow(lastRun) : null,
        lastSuccessAt: lastSuccess?.finishedAt?.toISOString() ?? null,
      });
      if (name === "partition-maintenance" && lastSuccess?.finishedAt) {
        const report = ZPartitionReportSchema.safeParse(lastSuccess.result);
        if (report.success) {
          defaultPartitions = {
            checkedAt: lastSuccess.finishedAt.toISOString(),
            rows: report.data.defaultRows.filter((d) => d.rows > 0),
          };
        }
      }
    }
    return { jobs, defaultPartitions };
  });
}

const ORDER_BY: Record<TJobRunSort, Record<"asc" | "desc", Prisma.JobRunOrderByWithRelationInput[]>> = {
  started: { asc: [{ startedAt: "asc" }, { id: "asc" }], desc: newestFirst },
  duration: {
    asc: [{ durationMs: { sort: "asc", nulls: "last" } }, { id: "desc" }],
    desc: [{ durationMs: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  },
};

export async function listJobRuns(identity: Identity, filters: TJobRunFilters): Promise<JobRunPage> {
  return withIdentity(identity, async (tx) => {
    const where: Prisma.JobRunWhereInput = {};
    if (filters.job) where.jobName = filters.job;
    if (filters.status) where.status = filters.status;
    const total = await tx.jobRun.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / JOB_RUNS_PAGE_SIZE));
    const page = Math.min(filters.page, pageCount);
    const runs = await tx.jobRun.findMany({
      where,
      orderBy: ORDER_BY[filters.sort][filters.dir],
      skip: (page - 1) * JOB_RUNS_PAGE_SIZE,
      take: JOB_RUNS_PAGE_SIZE,
      select: runSelect,
    });
    return { rows: runs.map(toRow), total, page, pageCount, pageSize: JOB_RUNS_PAGE_SIZE };
  });
}
