import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { getHouseholdQrFile, resolveAppOrigin } from "@/lib/rsvp/qr";
import { ZHouseholdQrParamsSchema, ZQrFormatSchema } from "@/lib/rsvp/schema";

/** GET /weddings/:id/qr/:householdId?format=png|svg — the household's RSVP QR code as a download. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; householdId: string }> }) {
  const identity = await requireIdentity(["planner", "admin"], request.nextUrl.pathname + request.nextUrl.search);
  const ids = ZHouseholdQrParamsSchema.safeParse(await params);
  if (!ids.success) notFound();
  const format = ZQrFormatSchema.safeParse(request.nextUrl.searchParams.get("format") ?? undefined);
  if (!format.success) {
    return new Response(format.error.issues[0]?.message ?? "Unknown format.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const origin = resolveAppOrigin(request.nextUrl.origin);
  const file = await getHouseholdQrFile(identity, ids.data.id, ids.data.householdId, format.data, origin);
  if (!file) notFound();
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      // The code carries a guest's personal link.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
