import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import {
  COCKPIT_PAGE_SIZES,
  MAX_COCKPIT_SEARCH,
  WEDDING_STATUSES,
  type TCockpitFilters,
} from "@/lib/weddings/cockpit-schema";

// A plain GET form: applying it loads /weddings with the search and filters in
// the address, so a view can be bookmarked and shared. It starts again at
// page 1 and keeps the sort order.

const checkbox = "size-4 rounded border-line accent-brand-600";

export function CockpitFilters({ filters }: { filters: TCockpitFilters }) {
  return (
    <form method="get" action="/weddings" role="search" aria-label="Find weddings" className="space-y-4">
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <Label htmlFor="cockpit-q">Search</Label>
          <Input
            id="cockpit-q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            maxLength={MAX_COCKPIT_SEARCH}
            placeholder="Wedding or couple"
            aria-describedby="cockpit-q-hint"
            className="mt-1"
          />
          <p id="cockpit-q-hint" className="mt-1 text-xs text-ink-muted">
            Matches part of the wedding&apos;s name or the couple&apos;s name.
          </p>
        </div>
        <div>
          <Label htmlFor="cockpit-status">Status</Label>
          <Select id="cockpit-status" name="status" defaultValue={filters.status ?? ""} className="mt-1">
            <option value="">All statuses</option>
            {WEDDING_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="cockpit-size">Rows per page</Label>
          <Select id="cockpit-size" name="size" defaultValue={String(filters.size)} className="mt-1">
            {COCKPIT_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
        <legend className="sr-only">Show only</legend>
        <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
          <input type="checkbox" name="over" value="1" defaultChecked={filters.over === true} className={checkbox} />
          Over budget only
        </label>
        <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
          <input
            type="checkbox"
            name="overdue"
            value="1"
            defaultChecked={filters.overdue === true}
            className={checkbox}
          />
          With overdue payments only
        </label>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply
        </button>
        <Link href="/weddings" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
