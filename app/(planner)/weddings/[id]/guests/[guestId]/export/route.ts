import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { exportPersonalData } from "@/lib/gdpr/export";
import { guestInWedding } from "@/lib/gdpr/queries";
import { personalDataResponse } from "@/lib/gdpr/response";
import { ZGuestExportParamsSchema } from "@/lib/gdpr/schema";

export const dynamic = "force-dynamic";

/** GET /weddings/:id/guests/:guestId/export — the guest's personal data as JSON (right of access). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; guestId: string }> }) {
  const identity = await requireIdentity(["planner", "admin"], request.nextUrl.pathname);
  const parsed = ZGuestExportParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  if (!(await guestInWedding(identity, parsed.data.id, parsed.data.guestId))) notFound();
  const data = await exportPersonalData(identity, { kind: "guest", guestId: parsed.data.guestId });
  if (!data) notFound();
  return personalDataResponse(data, `guest-${parsed.data.guestId}`);
}
