import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { JOB_CATALOG, JOB_NAMES } from "@/lib/jobs/catalog";
import { JOB_RUN_STATUSES, type TJobRunFilters } from "@/lib/jobs/schema";

/** A GET form: the filters land in the address. */
export function JobRunFilters({ filters }: { filters: TJobRunFilters }) {
  return (
    <form method="get" action="/admin/jobs" aria-label="Filter job runs" className="flex flex-wrap items-end gap-4">
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div>
        <Label htmlFor="runs-job">Job</Label>
        <Select id="runs-job" name="job" defaultValue={filters.job ?? ""} className="mt-1">
          <option value="">All jobs</option>
          {JOB_NAMES.map((name) => (
            <option key={name} value={name}>
              {JOB_CATALOG[name].title}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="runs-status">Status</Label>
        <Select id="runs-status" name="status" defaultValue={filters.status ?? ""} className="mt-1">
          <option value="">Any status</option>
          {JOB_RUN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply
        </button>
        <Link href="/admin/jobs" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
