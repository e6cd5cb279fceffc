import { parseVendorId, ZBookForWeddingSchema } from "./schema";

// Where the vendor page's "Book for a wedding" GET form leads: the wedding's
// booking page with the vendor chosen, which decides whether this person may
// book for that wedding. A missing or malformed choice goes back to the vendor
// page; a malformed vendor id is not found. Always a path on this site.

export type TBookingLink = { status: 303; location: string } | { status: 404 };

export function bookingLink(rawVendorId: string, rawWedding: string | null): TBookingLink {
  const vendorId = parseVendorId(rawVendorId);
  if (vendorId === null) return { status: 404 };
  const parsed = ZBookForWeddingSchema.safeParse({ wedding: rawWedding ?? undefined });
  return {
    status: 303,
    location: parsed.success
      ? `/weddings/${parsed.data.wedding}/bookings?vendor=${vendorId}`
      : `/vendors/${vendorId}?book=choose`,
  };
}
