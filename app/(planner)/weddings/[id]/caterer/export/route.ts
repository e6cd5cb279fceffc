import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { catererCsv, getCatererReport } from "@/lib/guests/caterer";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";

function badRequest(message: string): Response {
  return new Response(`${message}\n`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** GET /weddings/:id/caterer/export?event=<id> — the caterer's counts as CSV: one event, or every event without ?event. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const identity = await requireIdentity(["planner", "admin"], request.nextUrl.pathname + request.nextUrl.search);
  const parsed = ZWeddingParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const events = request.nextUrl.searchParams.getAll("event");
  if (events.length > 1) return badRequest("Give at most one event.");
  const raw = events[0];
  const eventId = raw === undefined ? undefined : Number(raw);
  if (raw !== undefined && (!/^[1-9]\d{0,9}$/.test(raw) || eventId! > 2_147_483_647)) {
    return badRequest("event must be an event id (a whole number).");
  }
  const report = await getCatererReport(identity, parsed.data.id, eventId);
  if (!report || (eventId !== undefined && report.events.length === 0)) notFound();
  const name = eventId === undefined ? "all-events" : `event-${eventId}`;
  return new Response(catererCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="caterer-wedding-${parsed.data.id}-${name}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
