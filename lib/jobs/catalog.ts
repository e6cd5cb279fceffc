// The background jobs as the admin page and the CLI describe them. Pure data:
// lib/jobs/registry.ts pairs each entry with the function that runs it.

export const JOB_NAMES = ["partition-maintenance", "refresh-monthly-revenue"] as const;
export type TJobName = (typeof JOB_NAMES)[number];

export type JobCatalogEntry = {
  name: TJobName;
  title: string;
  description: string;
  /** Five-field cron, UTC. */
  cron: string;
  /** The cron in words. */
  schedule: string;
  retryLimit: number;
  /** Seconds before the first retry; each further retry waits about twice as long. */
  retryDelaySeconds: number;
  /** The queue fails a run that takes longer (and retries it). */
  expireInSeconds: number;
};

export const JOB_CATALOG: Record<TJobName, JobCatalogEntry> = {
  "partition-maintenance": {
    name: "partition-maintenance",
    title: "Partition maintenance",
    description:
      "Keeps booking partitions 8 quarters ahead and payment partitions 24 months ahead, moves rows out of the " +
      "default partitions into new ones, reports rows left there, and rebuilds the current-year booking index in January.",
    cron: "17 3 * * *",
    schedule: "Daily at 03:17 UTC",
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 30 * 60,
  },
  "refresh-monthly-revenue": {
    name: "refresh-monthly-revenue",
    title: "Refresh monthly revenue",
    description:
      "Refreshes mv_monthly_revenue concurrently, so the revenue dashboard keeps reading while it runs, and records the time of the data.",
    cron: "*/15 * * * *",
    schedule: "Every 15 minutes",
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 10 * 60,
  },
};

export function isJobName(value: string): value is TJobName {
  return (JOB_NAMES as readonly string[]).includes(value);
}
