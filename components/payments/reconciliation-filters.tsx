import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { PAYMENT_STATUSES, RECONCILIATION_PAGE_SIZES, type TReconciliationFilters } from "@/lib/payments/schema";

// A plain GET form: applying it loads /payments with the filters in the
// address, so a view can be bookmarked and shared. It starts at page 1.

export function ReconciliationFilters({ filters }: { filters: TReconciliationFilters }) {
  return (
    <form method="get" action="/payments" role="search" aria-label="Filter payments" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <Label htmlFor="payments-status">Status</Label>
          <Select id="payments-status" name="status" defaultValue={filters.status ?? ""} className="mt-1">
            <option value="">All statuses</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status === "Refunded" ? "Refunded (refunds)" : status}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="payments-from">From</Label>
          <Input id="payments-from" name="from" type="date" defaultValue={filters.from ?? ""} className="mt-1" />
        </div>
        <div>
          <Label htmlFor="payments-to">To</Label>
          <Input id="payments-to" name="to" type="date" defaultValue={filters.to ?? ""} className="mt-1" />
        </div>
        <div>
          <Label htmlFor="payments-size">Rows per page</Label>
          <Select id="payments-size" name="size" defaultValue={String(filters.size)} className="mt-1">
            {RECONCILIATION_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply
        </button>
        <Link href="/payments" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
