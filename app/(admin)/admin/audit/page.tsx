import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditTable } from "@/components/admin/audit-table";
import { Alert } from "@/components/ui/alert";
import { AddressNotes } from "@/components/ui/address-notes";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { EXPORT_CAP } from "@/lib/audit/export";
import { listAuditEntries } from "@/lib/audit/queries";
import { auditExportHref, auditListHref, parseAuditSearchParams } from "@/lib/audit/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  const { filters, notes } = parseAuditSearchParams(await searchParams);
  const identity = await requireAdmin(auditListHref(filters));
  const result = await listAuditEntries(identity, filters);
  const pageNotes =
    result.page < filters.page
      ? [...notes, `Page ${filters.page} does not exist; showing page ${result.page}.`]
      : notes;
  const filtered = Boolean(
    filters.table || filters.op || filters.actor || filters.record || filters.from || filters.to,
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-ink">Audit log</h1>
          <p className="mt-1 text-sm text-ink-muted">
            Every change to planning data, who made it and when. {formatCount(result.total)}{" "}
            {result.total === 1 ? "entry matches" : "entries match"}
            {filtered ? " the filters" : ""}.
          </p>
        </div>
        {/* A file download from a route handler, not a page: a plain link, never client-side navigation. */}
        <a href={auditExportHref(filters)} download className={buttonClasses("secondary")}>
          Export CSV
        </a>
      </div>

      <AddressNotes notes={pageNotes} />
      {result.total > EXPORT_CAP ? (
        <Alert>
          The CSV export holds the first {formatCount(EXPORT_CAP)} of these {formatCount(result.total)} entries, in the
          order shown. Narrow the filters (for example by date) to export the rest.
        </Alert>
      ) : null}

      <AuditFilters filters={filters} />

      {result.total === 0 ? (
        <EmptyState
          title={filtered ? "No entries match these filters" : "The audit log is empty"}
          description={
            filtered ? (
              <>
                Widen the date range or clear a filter.{" "}
                <Link href="/admin/audit" className="underline">
                  Show every entry
                </Link>
                .
              </>
            ) : (
              "Entries appear here as soon as anyone creates, changes or deletes planning data."
            )
          }
        />
      ) : (
        <AuditTable
          rows={result.rows}
          total={result.total}
          page={result.page}
          filters={{ ...filters, page: result.page }}
        />
      )}
    </div>
  );
}
