import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { AUDIT_OPERATIONS, AUDIT_PAGE_SIZES, AUDITED_TABLES, type TAuditFilters } from "@/lib/audit/schema";

// A plain GET form: applying it loads /admin/audit with the filters in the
// address, so a filtered view can be bookmarked and shared. Changing a
// filter starts again at page 1; the sort order is kept.

export function AuditFilters({ filters }: { filters: TAuditFilters }) {
  return (
    <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="space-y-4">
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <Label htmlFor="audit-table">Table</Label>
          <Select id="audit-table" name="table" defaultValue={filters.table ?? ""} className="mt-1">
            <option value="">All tables</option>
            {AUDITED_TABLES.map((table) => (
              <option key={table} value={table}>
                {table}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="audit-op">Operation</Label>
          <Select id="audit-op" name="op" defaultValue={filters.op ?? ""} className="mt-1">
            <option value="">All operations</option>
            {AUDIT_OPERATIONS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="audit-actor">Actor</Label>
          <Input
            id="audit-actor"
            name="actor"
            defaultValue={filters.actor ?? ""}
            maxLength={100}
            placeholder="Name, email or user:5"
            aria-describedby="audit-actor-hint"
            className="mt-1"
          />
          <p id="audit-actor-hint" className="mt-1 text-xs text-ink-muted">
            Matches account names and emails, guest names, or a raw actor.
          </p>
        </div>
        <div>
          <Label htmlFor="audit-record">Record id</Label>
          <Input
            id="audit-record"
            name="record"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={18}
            defaultValue={filters.record ?? ""}
            className="mt-1"
          />
        </div>
        <div>
          <Label htmlFor="audit-from">From (UTC)</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} className="mt-1" />
        </div>
        <div>
          <Label htmlFor="audit-to">To (UTC, inclusive)</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} className="mt-1" />
        </div>
        <div>
          <Label htmlFor="audit-size">Rows per page</Label>
          <Select id="audit-size" name="size" defaultValue={String(filters.size)} className="mt-1">
            {AUDIT_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href="/admin/audit" className={buttonClasses("secondary")}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
