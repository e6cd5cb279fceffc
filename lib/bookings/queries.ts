import "server-only";
import type { BookingStatus } from "@/lib/generated/prisma/enums";
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
