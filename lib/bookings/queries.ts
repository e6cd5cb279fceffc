import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
import { readAs } from "@/lib/db/read-as";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";

export type BookingSummary = {
  id: number;
  weddingName: string;
  /** Calendar day, "YYYY-MM-DD". */
  eventDate: string;
  status: BookingStatus;
};

/** The bookings the identity may see (a vendor: their own), soonest first. */
export async function listBookingSummaries(identity: Identity): Promise<BookingSummary[]> {
  const rows = await withIdentity(identity, (tx) =>
    tx.booking.findMany({
      select: { id: true, eventDate: true, status: true, wedding: { select: { name: true } } },
      orderBy: [{ eventDate: "asc" }, { id: "asc" }],
      take: 200,
    }),
  );
  return rows.map((row) => ({
    id: row.id,
    weddingName: row.wedding.name,
    eventDate: toIsoDate(row.eventDate),
    status: row.status,
  }));
}

// A couple's booking history -------------------------------------------------------
// Everything the client booked, for all their weddings, the latest booking
// first, from each partition's copy of an index that leads with client_id
// (idx_client_booking_date or booking_client_id_idx). The wedding is joined on
// the client too (the foreign key is (wedding_id, client_id)), so it is read
// through wedding_client_id_idx rather than every wedding in sight.
// Row-level security limits it to the weddings the identity may see. The
// bookings page shows it for the wedding's couple.

export const BOOKING_HISTORY_LIMIT = 100;

export type ClientBooking = {
  id: number;
  weddingId: number;
  weddingName: string;
  kind: "venue" | "vendor";
  /** The venue's or vendor's name. */
  name: string;
  /** A vendor's service category; "Venue" for a venue. */
  category: string;
  /** When it was booked (ISO instant). */
  bookedAt: string;
  eventDate: string;
  status: BookingStatus;
  totalCost: string;
  currency: string;
};

export function clientBookingHistoryQuery(clientId: number, limit = BOOKING_HISTORY_LIMIT): Prisma.Sql {
  return Prisma.sql`
    SELECT b.booking_id AS id, b.wedding_id AS "weddingId", w.wedding_name AS "weddingName",
           CASE WHEN b.venue_id IS NOT NULL THEN 'venue' ELSE 'vendor' END AS kind,
           coalesce(v.name, d.name) AS name, coalesce(d.service_category::text, 'Venue') AS category,
           to_char(b.booking_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "bookedAt",
           b.event_date::text AS "eventDate", b.status::text AS status, b.total_cost::text AS "totalCost",
           w.currency::text AS currency
    FROM booking b
    JOIN wedding w ON w.wedding_id = b.wedding_id AND w.client_id = b.client_id
    LEFT JOIN venue v ON v.venue_id = b.venue_id
    LEFT JOIN vendor d ON d.vendor_id = b.vendor_id
    WHERE b.client_id = ${clientId}
    ORDER BY b.booking_date DESC, b.booking_id DESC
    LIMIT ${limit}::int`;
}

/** A client's bookings across their weddings, latest booked first (at most BOOKING_HISTORY_LIMIT). */
export async function getClientBookingHistory(identity: Identity, clientId: number): Promise<ClientBooking[]> {
  // Prepared: planning over booking's 41 partitions cost more than running it.
  return readAs<ClientBooking>(identity, clientBookingHistoryQuery(clientId), { prepared: true });
}

// Venue availability ---------------------------------------------------------------
// The days a venue is taken in a date range, by anyone: through
// venue_booked_days() (migration 20261128000100), because row-level security
// would hide other planners' bookings. Planners and admins only.

export const MAX_AVAILABILITY_DAYS = 366;

const ZAvailabilityRange = z
  .object({
    venueId: z.number().int().min(1).max(2_147_483_647),
    from: z.iso.date(),
    to: z.iso.date(),
  })
  .refine((r) => r.from <= r.to, "The range must not end before it starts.")
  .refine(
    (r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_AVAILABILITY_DAYS,
    `A range covers at most ${MAX_AVAILABILITY_DAYS} days.`,
  );

export function venueBookedDaysQuery(venueId: number, from: string, to: string): Prisma.Sql {
  return Prisma.sql`SELECT event_date::text AS day FROM venue_booked_days(${venueId}::int, ${from}::date, ${to}::date)`;
}

/** The days in [from, to] ("YYYY-MM-DD") on which the venue has a live booking, in order. */
export async function getVenueBookedDays(
  identity: Identity,
  venueId: number,
  from: string,
  to: string,
): Promise<string[]> {
  const range = ZAvailabilityRange.safeParse({ venueId, from, to });
  if (!range.success) throw new Error(`Invalid availability range: ${range.error.issues[0]?.message}`);
  const rows = await readAs<{ day: string }>(
    identity,
    venueBookedDaysQuery(range.data.venueId, range.data.from, range.data.to),
  );
  return rows.map((row) => row.day);
}
