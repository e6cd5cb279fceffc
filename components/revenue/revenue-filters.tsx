import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import type { TRevenueFilters } from "@/lib/revenue/schema";

/** A GET form: currency and category land in the address. */
export function RevenueFilters({
  filters,
  currency,
  currencies,
  categories,
}: {
  filters: TRevenueFilters;
  currency: string;
  currencies: string[];
  categories: string[];
}) {
  return (
    <form
      method="get"
      action="/admin/revenue"
      aria-label="Choose the figures"
      className="flex flex-wrap items-end gap-4"
    >
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div>
        <Label htmlFor="revenue-currency">Currency</Label>
        <Select id="revenue-currency" name="currency" defaultValue={currency} className="mt-1">
          {currencies.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="revenue-category">Category in the table</Label>
        <Select id="revenue-category" name="category" defaultValue={filters.category ?? ""} className="mt-1">
          <option value="">All categories</option>
          {categories.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply
        </button>
        <Link href="/admin/revenue" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
