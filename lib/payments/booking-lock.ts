import "server-only";
import { ActionError } from "@/lib/actions/action";
import type { Tx } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";

// Every write to a booking's schedule or payments starts here: the booking's
// row is locked FOR UPDATE (the report's section 4.2 pattern), so two people
// paying or scheduling the same booking at once take turns, and the second
// one's check sees the first one's row. The lock is always the first one a
// payment write takes, so these writes cannot deadlock with each other.

export const BOOKING_NOT_FOUND = "This booking does not exist, or it is not yours to change.";
export const BOOKING_CANCELLED = "This booking is cancelled: it takes no new installments or payments.";

/**
 * What a payment row adds to the amount paid: a Completed payment its amount,
 * a refund minus its amount, anything else (Pending, Failed, a payment
 * refunded in full the older way) nothing. The view payment_installment_balance
 * uses the same rule.
 */
export const NET_PAID = Prisma.sql`CASE WHEN refund_of_payment_id IS NOT NULL THEN -amount
                                        WHEN payment_status = 'Completed' THEN amount ELSE 0 END`;

export type LockedBooking = {
  bookingId: number;
  /** "YYYY-MM-DD". */
  eventDate: string;
  weddingId: number;
  clientId: number;
  status: string;
  currency: string;
  total: string;
  /** Completed payments minus refunds. */
  paid: string;
  /** The schedule's installments added up. */
  scheduled: string;
};

/** Locks the booking (of this wedding, as row-level security lets the person see it) and reads its money. */
export async function lockBooking(tx: Tx, weddingId: number, bookingId: number): Promise<LockedBooking> {
  const [booking] = await tx.$queryRaw<
    { booking_id: number; event_date: string; wedding_id: number; client_id: number; status: string; total: string }[]
  >`
    SELECT booking_id, event_date::text AS event_date, wedding_id, client_id, status::text AS status,
           total_cost::text AS total
    FROM booking WHERE booking_id = ${bookingId} AND wedding_id = ${weddingId}
    FOR UPDATE`;
  if (!booking) throw new ActionError(BOOKING_NOT_FOUND);
  const [money] = await tx.$queryRaw<{ paid: string; scheduled: string; currency: string }[]>`
    SELECT (SELECT coalesce(sum(${NET_PAID}), 0)::numeric(14, 2)::text FROM payment
            WHERE booking_id = ${bookingId} AND booking_event_date = ${booking.event_date}::date) AS paid,
           (SELECT coalesce(sum(amount), 0)::numeric(14, 2)::text FROM payment_installment
            WHERE booking_id = ${bookingId} AND booking_event_date = ${booking.event_date}::date) AS scheduled,
           (SELECT currency::text FROM wedding WHERE wedding_id = ${weddingId}) AS currency`;
  return {
    bookingId: booking.booking_id,
    eventDate: booking.event_date,
    weddingId: booking.wedding_id,
    clientId: booking.client_id,
    status: booking.status,
    currency: money?.currency ?? "",
    total: booking.total,
    paid: money?.paid ?? "0.00",
    scheduled: money?.scheduled ?? "0.00",
  };
}

export function requireOpenBooking(booking: LockedBooking): void {
  if (booking.status === "Cancelled") throw new ActionError(BOOKING_CANCELLED);
}
