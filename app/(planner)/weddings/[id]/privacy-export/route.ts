import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { exportPersonalData } from "@/lib/gdpr/export";
import { getWeddingClientId } from "@/lib/gdpr/queries";
import { personalDataResponse } from "@/lib/gdpr/response";
import { ZWeddingExportParamsSchema } from "@/lib/gdpr/schema";

export const dynamic = "force-dynamic";

/** GET /weddings/:id/privacy-export — the couple's personal data as JSON (right of access). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const identity = await requireIdentity(["planner", "admin"], request.nextUrl.pathname);
  const parsed = ZWeddingExportParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const clientId = await getWeddingClientId(identity, parsed.data.id);
  if (!clientId) notFound();
  const data = await exportPersonalData(identity, { kind: "client", clientId });
  if (!data) notFound();
  return personalDataResponse(data, `client-${clientId}`);
}
