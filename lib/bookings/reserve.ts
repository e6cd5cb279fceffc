import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type IdentityOptions, type Tx } from "@/lib/db/with-identity";
import { WEDDING_NOT_FOUND } from "@/lib/budget/budget-lines";
import { conflictMessage, violatedDayIndex, type TDayIndex } from "./conflicts";
import type { TBookable, TCancelBooking, TReserveBooking } from "./schema";

// Reserving a venue or a vendor for a day, the report's way (section 4.2), in
// one READ COMMITTED transaction:
//   1. SELECT ... FOR UPDATE on the venue (or vendor) row: reservations of
//      the same venue take turns here;
//   2. INSERT ... WHERE NOT EXISTS a live booking that day. Its statement
//      starts after the lock was granted, so it sees the booking of whoever
//      held the lock before. The check reads every planner's bookings
//      through security-definer functions (row-level security would show
//      only the planner's own).
// Under REPEATABLE READ step 2 would read the snapshot taken before the wait
// and let every waiter through to the INSERT (docs/seed-conformance.md, D13).
// Whatever path a write takes, the partial unique indexes
// booking_venue_day_key and booking_vendor_day_key refuse a second live
// booking; their violation gets the same message as the NOT EXISTS check.

export type ReserveResult = ActionResult<{ message: string; bookingId: number; eventDate: string }>;
export type CancelResult = ActionResult<{ message: string }>;
/** For tests: their own connections, or another isolation level. The app passes neither. */
export type ReserveOptions = Pick<IdentityOptions, "client" | "isolationLevel">;

export const CHOOSE_BOOKABLE = "Choose a venue or a vendor from the list.";
export const PAST_DAY = "Choose a day from today on: this one is in the past.";
export const BOOKING_GONE = "This booking does not exist any more. Reload the page.";
export const WEDDING_CLOSED = "This wedding is cancelled or completed, so it takes no new bookings.";

const DAY_INDEXES: Record<TBookable["kind"], TDayIndex> = {
  venue: "booking_venue_day_key",
  vendor: "booking_vendor_day_key",
};

export function capacityMessage(name: string, capacity: number, expected: Expected): string {
  return (
    `Venue ${name} holds at most ${capacity} guests, but this wedding expects ${expected.guests} ` +
    `(guest target ${expected.target}; ${expected.invited} invited with their plus-ones).`
  );
}

/**
 * Expected guests: the larger of the wedding's guest target and the people
 * invited (guests on the list plus the plus-ones their households may bring).
 * The larger is the stricter for a venue: the target may be outdated by the
 * list, and the list may still be growing toward the target.
 */
type Expected = { guests: number; target: number; invited: number };

async function expectedGuests(tx: Tx, weddingId: number): Promise<Expected> {
  const [row] = await tx.$queryRaw<{ target: number; invited: number }[]>`
    SELECT w.guest_count_target AS target,
           ((SELECT count(*) FROM guest g WHERE g.wedding_id = w.wedding_id)
            + (SELECT coalesce(sum(h.plus_one_allowance), 0) FROM household h WHERE h.wedding_id = w.wedding_id))::int
             AS invited
    FROM wedding w WHERE w.wedding_id = ${weddingId}`;
  const target = row?.target ?? 0;
  const invited = row?.invited ?? 0;
  return { guests: Math.max(target, invited), target, invited };
}

type Locked = { name: string };

/** Step 1: the venue or vendor row, locked until the transaction ends. */
async function lockBookable(tx: Tx, bookable: TBookable, weddingId: number): Promise<Locked> {
  if (bookable.kind === "venue") {
    const [venue] = await tx.$queryRaw<{ name: string; capacity: number }[]>`
      SELECT venue_id, name, capacity FROM venue WHERE venue_id = ${bookable.id} FOR UPDATE`;
    if (!venue) throw new ActionError("Please correct the highlighted fields.", { bookable: [CHOOSE_BOOKABLE] });
    const expected = await expectedGuests(tx, weddingId);
    if (venue.capacity < expected.guests) {
      const message = capacityMessage(venue.name, venue.capacity, expected);
      throw new ActionError(message, { bookable: [message] });
    }
    return venue;
  }
  const [vendor] = await tx.$queryRaw<{ name: string; status: string }[]>`
    SELECT vendor_id, name, status::text AS status FROM vendor WHERE vendor_id = ${bookable.id} FOR UPDATE`;
  if (!vendor) throw new ActionError("Please correct the highlighted fields.", { bookable: [CHOOSE_BOOKABLE] });
  if (vendor.status !== "Active") {
    const message = `Vendor ${vendor.name} is ${vendor.status.toLowerCase()} and takes no bookings.`;
    throw new ActionError(message, { bookable: [message] });
  }
  return vendor;
}

/** Step 2: the booking, unless a live one already holds the day. Null when one does. */
async function insertUnlessTaken(
  tx: Tx,
  wedding: { id: number; clientId: number },
  input: TReserveBooking,
): Promise<number | null> {
  const venueId = input.bookable.kind === "venue" ? input.bookable.id : null;
  const vendorId = input.bookable.kind === "vendor" ? input.bookable.id : null;
  const rows = await tx.$queryRaw<{ booking_id: number }[]>`
    INSERT INTO booking (client_id, wedding_id, venue_id, vendor_id, event_date, status, total_cost, notes)
    SELECT ${wedding.clientId}::integer, ${wedding.id}::integer, ${venueId}::integer, ${vendorId}::integer,
           ${input.eventDate}::date, 'Confirmed', ${input.totalCost}::numeric(12, 2), ${input.notes ?? null}::text
    WHERE NOT EXISTS (
      SELECT 1 WHERE booking_venue_day_taken(${venueId}::integer, ${input.eventDate}::date)
                  OR booking_vendor_day_taken(${vendorId}::integer, ${input.eventDate}::date))
    RETURNING booking_id`;
  return rows[0]?.booking_id ?? null;
}

/** Reserves a venue or a vendor for a wedding's event day. `today` is the first day allowed ("YYYY-MM-DD"). */
export async function reserveBooking(
  identity: UserIdentity,
  input: TReserveBooking,
  today: string,
  options: ReserveOptions = {},
): Promise<ReserveResult> {
  if (input.eventDate < today) throw new ActionError(PAST_DAY, { eventDate: [PAST_DAY] });
  let lockedName: string | null = null;
  try {
    return await withIdentity(
      identity,
      async (tx) => {
        const wedding = await tx.wedding.findUnique({
          where: { id: input.weddingId },
          select: { id: true, clientId: true, status: true },
        });
        if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
        if (wedding.status === "Cancelled" || wedding.status === "Completed") throw new ActionError(WEDDING_CLOSED);
        const locked = await lockBookable(tx, input.bookable, wedding.id);
        lockedName = locked.name;
        const bookingId = await insertUnlessTaken(tx, wedding, input);
        if (bookingId === null)
          throw new ActionError(conflictMessage(input.bookable.kind, locked.name, input.eventDate));
        const what = input.bookable.kind === "venue" ? "Venue" : "Vendor";
        return {
          ok: true as const,
          message: `Booked ${what} ${locked.name} for ${input.eventDate}.`,
          bookingId,
          eventDate: input.eventDate,
        };
      },
      options,
    );
  } catch (error) {
    if (violatedDayIndex(error) === DAY_INDEXES[input.bookable.kind] && lockedName !== null) {
      // Same message as the NOT EXISTS check; the cause says the index caught it.
      const conflict = new ActionError(conflictMessage(input.bookable.kind, lockedName, input.eventDate));
      conflict.cause = error;
      throw conflict;
    }
    throw error;
  }
}

/** Cancels a live booking; the day is free again for anyone. */
export async function cancelBooking(identity: UserIdentity, input: TCancelBooking): Promise<CancelResult> {
  return withIdentity(identity, async (tx) => {
    const [booking] = await tx.$queryRaw<{ status: string; name: string }[]>`
      SELECT b.status::text AS status, coalesce(v.name, d.name, 'this booking') AS name
      FROM booking b
      LEFT JOIN venue v ON v.venue_id = b.venue_id
      LEFT JOIN vendor d ON d.vendor_id = b.vendor_id
      WHERE b.booking_id = ${input.bookingId} AND b.event_date = ${input.eventDate}::date
        AND b.wedding_id = ${input.weddingId}
      FOR UPDATE OF b`;
    if (!booking) throw new ActionError(BOOKING_GONE);
    if (booking.status === "Cancelled") throw new ActionError(`The booking of ${booking.name} is already cancelled.`);
    if (booking.status === "Completed") {
      throw new ActionError(`The booking of ${booking.name} is completed and cannot be cancelled.`);
    }
    await tx.$executeRaw`
      UPDATE booking SET status = 'Cancelled'
      WHERE booking_id = ${input.bookingId} AND event_date = ${input.eventDate}::date AND wedding_id = ${input.weddingId}`;
    return { ok: true as const, message: `Cancelled the booking of ${booking.name} on ${input.eventDate}.` };
  });
}
