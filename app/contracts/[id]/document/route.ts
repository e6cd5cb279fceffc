import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { requireIdentity } from "@/lib/auth/guards";
import { getContractDocument } from "@/lib/proposals/contract-document";
import { ZContractParamsSchema } from "@/lib/proposals/schema";

export const dynamic = "force-dynamic";

/** GET /contracts/:id/document — the contract's text, for its planner and its vendor. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const identity = await requireIdentity(["planner", "vendor", "admin"], request.nextUrl.pathname);
  const parsed = ZContractParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const document = await getContractDocument(identity, parsed.data.id);
  if (!document) notFound();
  return new Response(new Uint8Array(document.body), {
    headers: {
      "Content-Type": document.contentType,
      "Content-Disposition": `attachment; filename="${document.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
