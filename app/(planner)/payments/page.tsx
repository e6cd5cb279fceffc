import type { Metadata } from "next";
import Link from "next/link";
import { OverdueList } from "@/components/payments/overdue-list";
import { ReconciliationFilters } from "@/components/payments/reconciliation-filters";
import { ReconciliationTable } from "@/components/payments/reconciliation-table";
import { AddressNotes } from "@/components/ui/address-notes";
import { EmptyState } from "@/components/ui/empty-state";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { listOverdueItems, MAX_OVERDUE_LISTED } from "@/lib/payments/queries";
import { listReconciliation } from "@/lib/payments/reconciliation";
import { parseReconciliationSearchParams, reconciliationHref } from "@/lib/payments/schema";
import type { RawSearchParams } from "@/lib/url/search-params";

export const metadata: Metadata = { title: "Payments" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<RawSearchParams> };

export default async function ReconciliationPage({ searchParams }: Props) {
  const { filters, notes } = parseReconciliationSearchParams(await searchParams);
  const identity = await requireIdentity(["planner", "admin"], reconciliationHref(filters));
  const today = new Date().toISOString().slice(0, 10);
  const [result, overdue] = await Promise.all([
    listReconciliation(identity, filters),
    listOverdueItems(identity, today),
  ]);
  const pageNotes =
    result.page < filters.page
      ? [...notes, `Page ${filters.page} does not exist; showing page ${result.page}.`]
      : notes;
  const filtered = Boolean(filters.status || filters.from || filters.to);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Payments</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {identity.role === "admin" ? "Every wedding's payments" : "The payments of every wedding you plan"}:{" "}
          {formatCount(result.total)} {result.total === 1 ? "payment" : "payments"}
          {filtered ? " found" : ""}, newest first. Refunds are listed as Refunded, with a minus sign.
        </p>
      </div>

      <section aria-labelledby="overdue-heading" className="space-y-3">
        <h2 id="overdue-heading" className="text-lg font-semibold text-ink">
          Overdue ({overdue.length === MAX_OVERDUE_LISTED ? `${MAX_OVERDUE_LISTED}+` : overdue.length})
        </h2>
        <OverdueList items={overdue} showWedding emptyText="Nothing is overdue across your weddings." />
      </section>

      <section aria-labelledby="reconciliation-heading" className="space-y-4">
        <h2 id="reconciliation-heading" className="text-lg font-semibold text-ink">
          Reconciliation
        </h2>
        <AddressNotes notes={pageNotes} />
        <ReconciliationFilters filters={filters} />
        {result.total === 0 ? (
          <EmptyState
            title={filtered ? "No payment matches" : "No payments yet"}
            description={
              filtered ? (
                <>
                  Try another status or a wider date range.{" "}
                  <Link href="/payments" className="underline">
                    Show every payment
                  </Link>
                  .
                </>
              ) : (
                "Record payments on a wedding's Payments tab; they are listed here for reconciliation."
              )
            }
          />
        ) : (
          <ReconciliationTable
            rows={result.rows}
            total={result.total}
            page={result.page}
            filters={{ ...filters, page: result.page }}
          />
        )}
      </section>
    </div>
  );
}
