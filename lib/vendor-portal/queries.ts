import "server-only";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";

// The vendor's bookings: the day, the wedding's name, where it takes place and
// the booking's status. Row-level security shows a vendor only their own
// bookings and those weddings' rows; the venue comes from
// vendor_booking_venues(), which reveals the live venue bookings of exactly
// those weddings and nothing else of them (no guests, no budgets).

export type VendorBooking = {
  id: number;
  weddingName: string;
  /** Calendar day, "YYYY-MM-DD". */
  eventDate: string;
  venue: string | null;
  status: BookingStatus;
};

export type VendorHome = {
  bookings: VendorBooking[];
  /** Proposals still waiting for an answer and not expired (by the database's clock). */
  openProposals: number;
  unreadMessages: number;
};

export async function getVendorHome(identity: Identity): Promise<VendorHome> {
  return withIdentity(identity, async (tx) => {
    const rows = await tx.booking.findMany({
      where: { vendorId: { not: null } },
      select: { id: true, weddingId: true, eventDate: true, status: true, wedding: { select: { name: true } } },
      orderBy: [{ eventDate: "asc" }, { id: "asc" }],
      take: 200,
    });
    const venues = await tx.$queryRaw<{ weddingId: number; eventDate: string; venue: string }[]>`
      SELECT wedding_id AS "weddingId", event_date::text AS "eventDate", venue_name || ', ' || venue_region AS venue
      FROM vendor_booking_venues()`;
    const [counts] = await tx.$queryRaw<{ proposals: number; unread: number }[]>`
      SELECT (SELECT count(*)::int FROM proposal p
               WHERE p.vendor_id = (SELECT app_vendor_id()) AND p.status = 'Sent' AND p.valid_until >= current_date) AS proposals,
             (SELECT count(*)::int FROM message m JOIN message_thread t ON t.thread_id = m.thread_id
               WHERE t.vendor_id = (SELECT app_vendor_id()) AND m.sender_side = 'planner'
                 AND m.seq > t.vendor_read_seq) AS unread`;
    const venueOf = (weddingId: number, day: string) =>
      venues.find((v) => v.weddingId === weddingId && v.eventDate === day)?.venue ??
      venues.find((v) => v.weddingId === weddingId)?.venue ??
      null;
    return {
      bookings: rows.map((row) => {
        const eventDate = toIsoDate(row.eventDate);
        return {
          id: row.id,
          weddingName: row.wedding.name,
          eventDate,
          venue: venueOf(row.weddingId, eventDate),
          status: row.status,
        };
      }),
      openProposals: counts?.proposals ?? 0,
      unreadMessages: counts?.unread ?? 0,
    };
  });
}
