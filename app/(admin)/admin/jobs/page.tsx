import type { Metadata } from "next";
import Link from "next/link";
import { JobOverviewTable } from "@/components/admin/job-overview-table";
import { JobRunFilters } from "@/components/admin/job-run-filters";
import { JobRunsTable } from "@/components/admin/job-runs-table";
import { AddressNotes } from "@/components/ui/address-notes";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date-time";
import { getJobsOverview, listJobRuns } from "@/lib/jobs/queries";
import { jobRunsHref, parseJobRunSearchParams } from "@/lib/jobs/schema";

export const metadata: Metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function JobsPage({ searchParams }: Props) {
  const { filters, notes } = parseJobRunSearchParams(await searchParams);
  const identity = await requireAdmin(jobRunsHref(filters));
  const overview = await getJobsOverview(identity);
  const runs = await listJobRuns(identity, filters);
  const pageNotes =
    runs.page < filters.page ? [...notes, `Page ${filters.page} does not exist; showing page ${runs.page}.`] : notes;
  const filtered = Boolean(filters.job || filters.status);
  const defaults = overview.defaultPartitions;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Background jobs</h1>
        <p className="mt-1 max-w-prose text-sm text-ink-muted">
          Jobs run on a queue in the database, started with the app. A failed run is retried with growing pauses, and a
          job never runs twice at once. <code>npm run jobs:once</code> runs every job now; its runs appear here too.
        </p>
      </div>

      <AddressNotes notes={pageNotes} />

      {defaults && defaults.rows.length > 0 ? (
        <Alert tone="warning" data-testid="default-partition-rows">
          <p className="font-medium">Rows in a default partition</p>
          <ul className="mt-1 list-disc pl-5">
            {defaults.rows.map((d) => (
              <li key={d.parent}>
                {formatCount(d.rows)} {d.parent} {d.rows === 1 ? "row" : "rows"} in <code>{d.parent}_default</code>,
                dated {d.minKey} to {d.maxKey}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            They fall outside every range partition, so date queries cannot skip them. The partition maintenance job
            moves rows into new partitions as their dates come within 8 quarters (bookings) or 24 months (payments);
            rows dated before 2021, or later than that, need a decision. Checked {formatDateTime(defaults.checkedAt)}.
          </p>
        </Alert>
      ) : null}

      <section aria-labelledby="jobs-heading" className="space-y-3">
        <h2 id="jobs-heading" className="text-lg font-semibold text-ink">
          Jobs
        </h2>
        <JobOverviewTable jobs={overview.jobs} />
      </section>

      <section aria-labelledby="runs-heading" className="space-y-3">
        <h2 id="runs-heading" className="text-lg font-semibold text-ink">
          Run history
        </h2>
        <p className="text-sm text-ink-muted">
          {formatCount(runs.total)} {runs.total === 1 ? "run" : "runs"}
          {filtered ? " match the filters" : ""}.
        </p>
        <JobRunFilters filters={filters} />
        {runs.total === 0 ? (
          <EmptyState
            title={filtered ? "No runs match" : "No job has run yet"}
            description={
              filtered ? (
                <>
                  Try another filter, or{" "}
                  <Link href="/admin/jobs" className="underline">
                    show every run
                  </Link>
                  .
                </>
              ) : (
                <>
                  The queue runs each job when the app starts and then on its schedule. To run them now, use{" "}
                  <code>npm run jobs:once</code>.
                </>
              )
            }
          />
        ) : (
          <JobRunsTable
            rows={runs.rows}
            total={runs.total}
            page={runs.page}
            pageSize={runs.pageSize}
            filters={{ ...filters, page: runs.page }}
          />
        )}
      </section>
    </div>
  );
}
