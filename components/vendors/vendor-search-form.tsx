import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import {
  MAX_VENDOR_SEARCH,
  PRICE_BANDS,
  SERVICE_CATEGORIES,
  VENDOR_STATUSES,
  priceBandLabel,
  type TVendorFilters,
} from "@/lib/vendors/schema";

// A plain GET form: applying it loads /vendors with the search and filters in
// the address, so a search can be bookmarked and shared, and it starts again
// at page 1. Only admins may list inactive or suspended vendors.

export function VendorSearchForm({
  filters,
  regions,
  showStatus,
}: {
  filters: TVendorFilters;
  regions: string[];
  showStatus: boolean;
}) {
  // A region from the address that no active vendor has any more still shows as chosen.
  const regionChoices = filters.region && !regions.includes(filters.region) ? [...regions, filters.region] : regions;
  return (
    <form method="get" action="/vendors" role="search" aria-label="Find vendors" className="space-y-4">
      <div>
        <Label htmlFor="vendor-q">Search</Label>
        <Input
          id="vendor-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={MAX_VENDOR_SEARCH}
          placeholder="floral arch, photography Ohrid, string quartet…"
          aria-describedby="vendor-q-hint"
          className="mt-1"
        />
        <p id="vendor-q-hint" className="mt-1 text-xs text-ink-muted">
          Searches names, descriptions and packages. Use quotes for a phrase, &ldquo;or&rdquo; for either word and a
          minus to leave a word out; small typos in names and categories are forgiven.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <Label htmlFor="vendor-category">Category</Label>
          <Select id="vendor-category" name="category" defaultValue={filters.category ?? ""} className="mt-1">
            <option value="">All categories</option>
            {SERVICE_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="vendor-region">Region</Label>
          <Select id="vendor-region" name="region" defaultValue={filters.region ?? ""} className="mt-1">
            <option value="">All regions</option>
            {regionChoices.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="vendor-band">Price band</Label>
          <Select id="vendor-band" name="band" defaultValue={filters.band ? String(filters.band) : ""} className="mt-1">
            <option value="">Any price</option>
            {PRICE_BANDS.map((band) => (
              <option key={band} value={band}>
                {priceBandLabel(band)}
              </option>
            ))}
          </Select>
        </div>
        {showStatus ? (
          <div>
            <Label htmlFor="vendor-status">Status</Label>
            <Select id="vendor-status" name="status" defaultValue={filters.status} className="mt-1">
              {VENDOR_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Search
        </button>
        <Link href="/vendors" className={buttonClasses("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
