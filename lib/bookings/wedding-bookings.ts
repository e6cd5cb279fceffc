import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { clientBookingHistoryQuery, type ClientBooking } from "./queries";
import { BOOKING_STATUSES, type TBookable, type TBookingStatus, type TBookingsParams } from "./schema";

// What a wedding's bookings page shows: its bookings (money as text), the
// couple's booking history, the counts per status, and what the reserve form
// offers: every venue and every vendor taking bookings. Row-level security
// decides whether the wedding is the person's at all.

export type WeddingBookingRow = {
  id: number;
  kind: TBookable["kind"];
  /** The venue's or vendor's name. */
  name: string;
  /** A vendor's service category; "Venue" for a venue. */
  category: string;
  eventDate: string;
  status: TBookingStatus;
  totalCost: string;
  notes: string | null;
};

export type VenueChoice = { id: number; name: string; region: string; capacity: number };
export type VendorChoice = {
  id: number;
  name: string;
  serviceCategory: string;
  region: string;
  oneEventPerDay: boolean;
};

export type WeddingBookingsPage = {
  wedding: {
    id: number;
    name: string;
    weddingDate: string;
    currency: string;
    status: string;
    clientId: number;
    couple: string;
    /** The larger of the guest target and the people invited: what a venue must hold. */
    expectedGuests: number;
  };
  bookings: WeddingBookingRow[];
  /** The couple's bookings for all their weddings, latest booked first. */
  history: ClientBooking[];
  statusCounts: Record<TBookingStatus, number>;
  venues: VenueChoice[];
  vendors: VendorChoice[];
};

/** The bookings page of a wedding; null when the identity may not see it (or it does not exist). */
export async function getWeddingBookingsPage(
  identity: Identity,
  weddingId: number,
  params: TBookingsParams = {},
): Promise<WeddingBookingsPage | null> {
  return withIdentity(identity, async (tx) => {
    const [wedding] = await tx.$queryRaw<WeddingBookingsPage["wedding"][]>`
      SELECT w.wedding_id AS id, w.wedding_name AS name, w.wedding_date::text AS "weddingDate", w.currency,
             w.status::text AS status, w.client_id AS "clientId", c.name AS couple,
             greatest(w.guest_count_target,
               (SELECT count(*) FROM guest g WHERE g.wedding_id = w.wedding_id)
               + (SELECT coalesce(sum(h.plus_one_allowance), 0) FROM household h WHERE h.wedding_id = w.wedding_id)
             )::int AS "expectedGuests"
      FROM wedding w JOIN client c ON c.client_id = w.client_id WHERE w.wedding_id = ${weddingId}`;
    if (!wedding) return null;
    const status = params.status ?? null;
    const bookings = await tx.$queryRaw<WeddingBookingRow[]>`
      SELECT b.booking_id AS id, CASE WHEN b.venue_id IS NOT NULL THEN 'venue' ELSE 'vendor' END AS kind,
             coalesce(v.name, d.name) AS name, coalesce(d.service_category::text, 'Venue') AS category,
             b.event_date::text AS "eventDate", b.status::text AS status, b.total_cost::text AS "totalCost", b.notes
      FROM booking b
      LEFT JOIN venue v ON v.venue_id = b.venue_id
      LEFT JOIN vendor d ON d.vendor_id = b.vendor_id
      WHERE b.wedding_id = ${weddingId} AND (${status}::text IS NULL OR b.status::text = ${status}::text)
      ORDER BY b.event_date, b.booking_id`;
    const history = await tx.$queryRaw<ClientBooking[]>(clientBookingHistoryQuery(wedding.clientId));
    const counts = await tx.booking.groupBy({ by: ["status"], where: { weddingId }, _count: { _all: true } });
    const venues = await tx.venue.findMany({
      select: { id: true, name: true, region: true, capacity: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const vendors = await tx.vendor.findMany({
      where: { status: "Active" },
      select: { id: true, name: true, serviceCategory: true, region: true, oneEventPerDay: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const statusCounts = Object.fromEntries(BOOKING_STATUSES.map((s) => [s, 0])) as Record<TBookingStatus, number>;
    for (const row of counts) statusCounts[row.status] = row._count._all;
    return { wedding, bookings, history, statusCounts, venues, vendors };
  });
}
