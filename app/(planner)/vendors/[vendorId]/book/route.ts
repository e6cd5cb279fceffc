import { parseVendorId, ZBookForWeddingSchema } from "@/lib/vendors/schema";

// GET /vendors/:vendorId/book?wedding=N — where the vendor page's "Book for a
// wedding" form lands (a GET form cannot put the choice into the path). It
// only redirects to the wedding's booking page, which decides whether this
// person may book for that wedding; a missing or malformed choice goes back
// to the vendor page with a message.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ vendorId: string }> }) {
  const vendorId = parseVendorId((await params).vendorId);
  if (vendorId === null) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  const url = new URL(request.url);
  const parsed = ZBookForWeddingSchema.safeParse({ wedding: url.searchParams.get("wedding") ?? undefined });
  const target = parsed.success
    ? `/weddings/${parsed.data.wedding}/bookings?vendor=${vendorId}`
    : `/vendors/${vendorId}?book=choose`;
  // A relative Location: right behind any proxy, whatever host the server thinks it has.
  return new Response(null, { status: 303, headers: { Location: target, "Cache-Control": "no-store" } });
}
