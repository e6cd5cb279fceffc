import { bookingLink } from "@/lib/vendors/booking-link";

// GET /vendors/:vendorId/book?wedding=N: the "Book for a wedding" form lands
// here, because a GET form cannot put the choice into the path.

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ vendorId: string }> }) {
  const link = bookingLink((await params).vendorId, new URL(request.url).searchParams.get("wedding"));
  if (link.status === 404) {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // A relative Location: right behind any proxy, whatever host the server thinks it has.
  return new Response(null, { status: 303, headers: { Location: link.location, "Cache-Control": "no-store" } });
}
