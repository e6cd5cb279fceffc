import { buttonClasses } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { formatDate } from "@/lib/format/date";
import type { WeddingChoice } from "@/lib/vendors/queries";

// A plain GET form, so it works without JavaScript: /vendors/:id/book
// redirects to /weddings/:weddingId/bookings?vendor=:id.

export function BookForWeddingForm({ vendorId, weddings }: { vendorId: number; weddings: WeddingChoice[] }) {
  return (
    <form
      method="get"
      action={`/vendors/${vendorId}/book`}
      aria-label="Book for a wedding"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="min-w-64 flex-1">
        <Label htmlFor="book-wedding">Wedding</Label>
        <Select id="book-wedding" name="wedding" required defaultValue="" className="mt-1">
          <option value="" disabled>
            Choose a wedding
          </option>
          {weddings.map((wedding) => (
            <option key={wedding.id} value={wedding.id}>
              {wedding.name} · {formatDate(wedding.date)}
            </option>
          ))}
        </Select>
      </div>
      <button type="submit" className={buttonClasses("primary")}>
        Continue to booking
      </button>
    </form>
  );
}
