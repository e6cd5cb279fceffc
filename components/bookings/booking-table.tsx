import Link from "next/link";
import { QuickActionForm } from "@/components/budget/form-parts";
import { formatAmount } from "@/components/budget/money";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cancelBookingAction } from "@/lib/bookings/actions";
import { BOOKING_STATUSES, bookingsPageHref, type TBookingStatus, type TBookingsParams } from "@/lib/bookings/schema";
import type { WeddingBookingRow } from "@/lib/bookings/wedding-bookings";
import { formatDate } from "@/lib/format/date";

// A wedding's bookings, soonest first, with a status filter kept in the
// address. A live booking can be cancelled, which frees its day.

const STATUS_TONE: Record<TBookingStatus, BadgeTone> = {
  Pending: "warning",
  Confirmed: "success",
  Cancelled: "neutral",
  Completed: "brand",
};

export function BookingStatusFilter({
  weddingId,
  params,
  counts,
}: {
  weddingId: number;
  params: TBookingsParams;
  counts: Record<TBookingStatus, number>;
}) {
  const total = BOOKING_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const options: { status?: TBookingStatus; label: string; count: number }[] = [
    { label: "All", count: total },
    ...BOOKING_STATUSES.map((status) => ({ status, label: status, count: counts[status] })),
  ];
  return (
    <nav aria-label="Filter bookings by status">
      <ul className="flex flex-wrap gap-2">
        {options.map((option) => {
          const current = params.status === option.status;
          return (
            <li key={option.label}>
              <Link
                href={bookingsPageHref(weddingId, { ...params, status: option.status })}
                aria-current={current ? "page" : undefined}
                scroll={false}
                className={cx(
                  "inline-flex min-h-9 items-center rounded-full border px-3 text-sm",
                  focusRing,
                  current
                    ? "border-brand-600 bg-brand-50 text-brand-800 dark:bg-brand-900/40 dark:text-brand-100"
                    : "border-line text-ink-muted hover:text-ink",
                )}
              >
                {option.label} ({option.count})
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function BookingTable({
  weddingId,
  currency,
  bookings,
  filtered,
}: {
  weddingId: number;
  currency: string;
  bookings: WeddingBookingRow[];
  filtered: boolean;
}) {
  if (bookings.length === 0) {
    return (
      <EmptyState
        title={filtered ? "No bookings with this status" : "No bookings yet"}
        description={
          filtered
            ? "Choose All to see every booking of this wedding."
            : "Reserve a venue or a vendor with the form below; the day is theirs once it is booked."
        }
      />
    );
  }
  return (
    <Table label="Bookings">
      <TableCaption>Bookings of this wedding, soonest first</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Date</TableHead>
          <TableHead>Venue or vendor</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {bookings.map((booking) => (
          <TableRow key={booking.id}>
            <TableCell className="whitespace-nowrap">
              <time dateTime={booking.eventDate}>{formatDate(booking.eventDate)}</time>
            </TableCell>
            <TableCell>
              <div className="font-medium">{booking.name}</div>
              <div className="text-xs text-ink-muted">{booking.category}</div>
              {booking.notes ? <div className="mt-1 max-w-prose text-xs text-ink-muted">{booking.notes}</div> : null}
            </TableCell>
            <TableCell>
              <Badge tone={STATUS_TONE[booking.status]}>{booking.status}</Badge>
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {formatAmount(booking.totalCost, currency)}
            </TableCell>
            <TableCell>
              {booking.status === "Pending" || booking.status === "Confirmed" ? (
                <QuickActionForm
                  action={cancelBookingAction}
                  label={`Cancel the booking of ${booking.name} on ${booking.eventDate}`}
                  fields={{ weddingId, bookingId: booking.id, eventDate: booking.eventDate }}
                  confirm={`Cancel the booking of ${booking.name} on ${booking.eventDate}? The day becomes free for others.`}
                >
                  <Button type="submit" variant="secondary" className="min-h-9 px-3">
                    Cancel<span className="sr-only"> the booking of {booking.name}</span>
                  </Button>
                </QuickActionForm>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
