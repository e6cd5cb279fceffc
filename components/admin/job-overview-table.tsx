import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format/date-time";
import { formatDuration } from "@/lib/format/duration";
import type { JobSummary } from "@/lib/jobs/queries";
import { JobStatusBadge } from "./job-status-badge";

// One row per background job: what it does, when it runs, and how its last run went.

export function JobOverviewTable({ jobs }: { jobs: JobSummary[] }) {
  return (
    <Table label="Background jobs">
      <TableCaption className="sr-only">Each background job and its last run</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Job</TableHead>
          <TableHead>Schedule</TableHead>
          <TableHead>Last run</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Error or result</TableHead>
          <TableHead>Last success</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {jobs.map((job) => {
          const run = job.lastRun;
          return (
            <TableRow key={job.name} data-testid={`job-${job.name}`}>
              <TableCell className="min-w-64 align-top">
                <p className="font-medium">{job.title}</p>
                <p className="mt-1 text-xs text-ink-muted">{job.description}</p>
                <p className="mt-1 text-xs text-ink-muted">
                  <code>{job.name}</code>, retried up to {job.retryLimit} times with back-off
                </p>
              </TableCell>
              <TableCell className="align-top whitespace-nowrap">{job.schedule}</TableCell>
              <TableCell className="align-top whitespace-nowrap">
                {run ? (
                  <>
                    <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
                    <p className="text-xs text-ink-muted">
                      {run.source === "once" ? "npm run jobs:once" : "queue"}
                      {run.attempt > 1 ? `, attempt ${run.attempt}` : ""}
                    </p>
                  </>
                ) : (
                  <span className="text-ink-muted">Never</span>
                )}
              </TableCell>
              <TableCell className="align-top whitespace-nowrap">
                {run?.durationMs != null ? formatDuration(run.durationMs) : "—"}
              </TableCell>
              <TableCell className="align-top">{run ? <JobStatusBadge status={run.status} /> : "—"}</TableCell>
              <TableCell className="max-w-md align-top text-sm break-words">
                {run?.error ? (
                  <span className="text-red-800 dark:text-red-200">{run.error}</span>
                ) : (
                  (run?.summary ?? <span className="text-ink-muted">—</span>)
                )}
              </TableCell>
              <TableCell className="align-top whitespace-nowrap">
                {job.lastSuccessAt ? (
                  <time dateTime={job.lastSuccessAt}>{formatDateTime(job.lastSuccessAt)}</time>
                ) : (
                  <span className="text-ink-muted">Never</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
