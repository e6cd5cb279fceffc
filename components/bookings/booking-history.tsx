import Link from "next/link";
import { formatAmount } from "@/components/budget/money";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ClientBooking } from "@/lib/bookings/queries";
import { formatDate } from "@/lib/format/date";

// The couple's booking history: every booking they made, for this wedding and
// any other one of theirs, the latest booked first, with the day it was booked.

const linkClasses = cx("rounded-sm text-brand-700 underline dark:text-brand-200", focusRing);

export function BookingHistory({
  weddingId,
  couple,
  history,
}: {
  weddingId: number;
  couple: string;
  history: ClientBooking[];
}) {
  if (history.length === 0) return <p className="text-sm text-ink-muted">{couple} have booked nothing yet.</p>;
  return (
    <Table label={`Booking history of ${couple}`}>
      <TableCaption>Every booking of {couple}, the latest booked first</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Booked</TableHead>
          <TableHead>Venue or vendor</TableHead>
          <TableHead>Wedding</TableHead>
          <TableHead>Event day</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Total</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {history.map((booking) => (
          <TableRow key={booking.id}>
            <TableCell className="whitespace-nowrap">
              <time dateTime={booking.bookedAt}>{formatDate(booking.bookedAt.slice(0, 10))}</time>
            </TableCell>
            <TableCell>
              <div className="font-medium">{booking.name}</div>
              <div className="text-xs text-ink-muted">{booking.category}</div>
            </TableCell>
            <TableCell>
              {booking.weddingId === weddingId ? (
                "This wedding"
              ) : (
                <Link href={`/weddings/${booking.weddingId}/bookings`} className={linkClasses}>
                  {booking.weddingName}
                </Link>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <time dateTime={booking.eventDate}>{formatDate(booking.eventDate)}</time>
            </TableCell>
            <TableCell>{booking.status}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {formatAmount(booking.totalCost, booking.currency)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
