import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { guestsToCsv } from "@/lib/guests/csv";
import { listGuestsForExport } from "@/lib/guests/queries";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";

/** GET /weddings/:id/guests/export — every guest as CSV, in the import's columns. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const identity = await requireIdentity(["planner", "admin"], request.nextUrl.pathname);
  const parsed = ZWeddingParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const exported = await listGuestsForExport(identity, parsed.data.id);
  if (!exported) notFound();
  const day = new Date().toISOString().slice(0, 10);
  return new Response(guestsToCsv(exported.rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="guests-wedding-${parsed.data.id}-${day}.csv"`,
      // Names and contacts: never stored by a shared cache.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
