import type { NextRequest } from "next/server";
import { exportAuditCsv } from "@/lib/audit/export";
import { auditListHref, parseAuditSearchParams } from "@/lib/audit/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { searchParamsToRecord } from "@/lib/url/search-params";

export const dynamic = "force-dynamic";

function timestamp(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
}

// GET /admin/audit/export?<the audit list's filters>: the matching entries as CSV.
export async function GET(request: NextRequest) {
  const { filters, notes } = parseAuditSearchParams(searchParamsToRecord(request.nextUrl.searchParams));
  const identity = await requireAdmin(auditListHref(filters));
  // Unlike the page, an export never falls back to defaults: it would hand
  // over a file of something other than what was asked for.
  if (notes.length > 0) {
    return new Response(`Nothing was exported.\n${notes.join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const result = await exportAuditCsv(identity, filters);
  return new Response(result.stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${timestamp(new Date())}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Export-Rows": String(result.rows),
      "X-Export-Total": String(result.total),
      "X-Export-Truncated": String(result.truncated),
    },
  });
}
