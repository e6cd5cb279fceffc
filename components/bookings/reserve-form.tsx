"use client";

import { useRef } from "react";
import { FormOutcome, TextField, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import { reserveBookingAction } from "@/lib/bookings/actions";
import { bookableValue, MAX_BOOKING_NOTES, type TBookable } from "@/lib/bookings/schema";
import type { VendorChoice, VenueChoice } from "@/lib/bookings/wedding-bookings";

// Reserve a venue or a vendor for one day. One select holds both, so a
// booking can never name two things; `?venue=` or `?vendor=` in the address
// chooses one in advance (the vendor search links here).

const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

export function ReserveForm({
  weddingId,
  currency,
  expectedGuests,
  venues,
  vendors,
  preselect,
  today,
}: {
  weddingId: number;
  currency: string;
  expectedGuests: number;
  venues: VenueChoice[];
  vendors: VendorChoice[];
  preselect: TBookable | null;
  today: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errors } = useFormAction(reserveBookingAction, () => formRef.current?.reset());
  const bookableErrorId = "reserve-bookable-error";
  const notesErrorId = "reserve-notes-error";
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="New booking" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Label htmlFor="reserve-bookable">Venue or vendor</Label>
          <Select
            id="reserve-bookable"
            name="bookable"
            defaultValue={preselect ? bookableValue(preselect) : ""}
            className="mt-1"
            required
            aria-invalid={errors.bookable?.length ? true : undefined}
            aria-describedby={errors.bookable?.length ? bookableErrorId : "reserve-bookable-hint"}
          >
            <option value="">Choose…</option>
            <optgroup label="Venues">
              {venues.map((venue) => (
                <option key={venue.id} value={bookableValue({ kind: "venue", id: venue.id })}>
                  {venue.name} · {venue.region} · {venue.capacity} guests
                </option>
              ))}
            </optgroup>
            <optgroup label="Vendors">
              {vendors.map((vendor) => (
                <option key={vendor.id} value={bookableValue({ kind: "vendor", id: vendor.id })}>
                  {vendor.name} · {vendor.serviceCategory} · {vendor.region}
                  {vendor.oneEventPerDay ? " · one event a day" : ""}
                </option>
              ))}
            </optgroup>
          </Select>
          <p id="reserve-bookable-hint" className="mt-1 text-xs text-ink-muted">
            A venue must hold {expectedGuests} guests: the larger of the guest target and the people invited.
          </p>
          <FieldError id={bookableErrorId} errors={errors.bookable} />
        </div>
        <TextField
          id="reserve-date"
          name="eventDate"
          label="Event date"
          type="date"
          min={today}
          required
          errors={errors.eventDate}
        />
        <TextField
          id="reserve-total"
          name="totalCost"
          label={`Total cost (${currency})`}
          inputMode="decimal"
          required
          autoComplete="off"
          errors={errors.totalCost}
        />
        <div className="sm:col-span-2">
          <Label htmlFor="reserve-notes">Notes (optional)</Label>
          <textarea
            id="reserve-notes"
            name="notes"
            rows={2}
            maxLength={MAX_BOOKING_NOTES}
            className={textareaClasses}
            aria-invalid={errors.notes?.length ? true : undefined}
            aria-describedby={errors.notes?.length ? notesErrorId : undefined}
          />
          <FieldError id={notesErrorId} errors={errors.notes} />
        </div>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Booking…" : "Book"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}
