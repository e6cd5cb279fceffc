import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { formatDate } from "@/lib/format/date";
import type { GuestListEvent } from "@/lib/guests/queries";
import type { TGuestFilters } from "@/lib/guests/schema";

// A plain GET form: the search and the RSVP filter go into the address, so a
// filtered list can be bookmarked and shared. The sort order is kept.

const STATUS_LABELS = {
  invited: "Invited (any answer)",
  Pending: "Pending",
  Accepted: "Accepted",
  Declined: "Declined",
  "not-invited": "Not invited",
} as const;

export function GuestFilters({
  weddingId,
  filters,
  events,
}: {
  weddingId: number;
  filters: TGuestFilters;
  events: GuestListEvent[];
}) {
  return (
    <form
      method="get"
      action={`/weddings/${weddingId}/guests`}
      aria-label="Filter the guest list"
      className="space-y-3"
    >
      <input type="hidden" name="sort" value={filters.sort} />
      <input type="hidden" name="dir" value={filters.dir} />
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <Label htmlFor="guest-search">Search</Label>
          <Input
            id="guest-search"
            name="q"
            type="search"
            maxLength={100}
            defaultValue={filters.q ?? ""}
            placeholder="Name, email, phone, household…"
            className="mt-1"
          />
        </div>
        <div>
          <Label htmlFor="guest-event">RSVP for event</Label>
          <Select
            id="guest-event"
            name="event"
            defaultValue={filters.event ? String(filters.event) : ""}
            className="mt-1"
          >
            <option value="">Any event</option>
            {events.map((event) => (
              <option key={event.id} value={event.id}>
                {event.name} · {formatDate(event.date)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="guest-status">RSVP status</Label>
          <Select id="guest-status" name="status" defaultValue={filters.status ?? "invited"} className="mt-1">
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href={`/weddings/${weddingId}/guests`} className={buttonClasses("secondary")}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
