import { JOB_CATALOG } from "./catalog";
import type { JobDefinition } from "./definitions";
import { maintainPartitions } from "./partitions";
import { refreshMonthlyRevenue } from "./revenue-refresh";

// Every background job, in the order `npm run jobs:once` runs them: new
// partitions first, so the revenue refresh sees rows that were just moved.

export const JOBS: readonly JobDefinition[] = [
  { ...JOB_CATALOG["partition-maintenance"], run: maintainPartitions },
  { ...JOB_CATALOG["refresh-monthly-revenue"], run: refreshMonthlyRevenue },
];
