import type { Metadata } from "next";
import Link from "next/link";
import { RevenueCharts } from "@/components/revenue/revenue-charts";
import { RevenueFilters } from "@/components/revenue/revenue-filters";
import { RevenueTable } from "@/components/revenue/revenue-table";
import { describeCategories, describeMonths, formatMonth } from "@/components/revenue/summary";
import { formatMoney } from "@/components/weddings/format";
import { AddressNotes } from "@/components/ui/address-notes";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date-time";
import { getRevenueDashboard } from "@/lib/revenue/queries";
import { parseRevenueSearchParams, revenueHref } from "@/lib/revenue/schema";
import { pageRevenueCells } from "@/lib/revenue/table";

export const metadata: Metadata = { title: "Revenue" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RevenuePage({ searchParams }: Props) {
  const { filters, notes } = parseRevenueSearchParams(await searchParams);
  const identity = await requireAdmin(revenueHref(filters));
  const dashboard = await getRevenueDashboard(identity);
  const pageNotes = [...notes];
  let selected = dashboard.currencies[0];
  if (filters.currency) {
    const match = dashboard.currencies.find((c) => c.currency === filters.currency);
    if (match) selected = match;
    else pageNotes.push(`There is no revenue in ${filters.currency}; showing ${selected?.currency ?? "nothing"}.`);
  }

  const asOf = dashboard.asOf ? (
    <p className="mt-1 text-sm text-ink" data-testid="revenue-as-of">
      Data as of <time dateTime={dashboard.asOf}>{formatDateTime(dashboard.asOf)}</time>. The figures refresh every 15
      minutes.
    </p>
  ) : (
    <p className="mt-1 text-sm text-ink" data-testid="revenue-as-of">
      The figures have not been computed yet. They refresh every 15 minutes; <code>npm run jobs:once</code> computes
      them now.
    </p>
  );

  const header = (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-ink">Revenue</h1>
      <p className="mt-1 max-w-prose text-sm text-ink-muted">
        Completed payments by the month they were paid and the service booked; venue bookings count as Venue. Refunded
        payments are not revenue and are shown apart. Each currency is shown on its own.
      </p>
      {asOf}
    </div>
  );

  if (!selected) {
    return (
      <div className="space-y-6">
        {header}
        <AddressNotes notes={pageNotes} />
        <EmptyState
          title="No revenue yet"
          description={
            <>
              Completed payments appear here after the next refresh. The{" "}
              <Link href="/admin/jobs" className="underline">
                jobs page
              </Link>{" "}
              shows when it last ran.
            </>
          }
        />
      </div>
    );
  }

  const categoryNames = selected.categories.map((c) => c.category).sort();
  if (filters.category && !categoryNames.includes(filters.category)) {
    pageNotes.push(`There is no ${selected.currency} revenue in the category "${filters.category}".`);
  }
  const table = pageRevenueCells(selected.cells, filters);
  if (table.page < filters.page) pageNotes.push(`Page ${filters.page} does not exist; showing page ${table.page}.`);
  const totals = selected.totals;
  const facts = [
    { label: "Revenue", value: formatMoney(totals.total, selected.currency) },
    { label: "Completed payments", value: formatCount(totals.payments) },
    { label: "Average payment", value: totals.average ? formatMoney(totals.average, selected.currency) : "—" },
    {
      label: "Refunded",
      value: `${formatMoney(totals.refundedTotal, selected.currency)} (${formatCount(totals.refunds)})`,
    },
  ];

  return (
    <div className="space-y-6">
      {header}
      <AddressNotes notes={pageNotes} />
      <RevenueFilters
        filters={filters}
        currency={selected.currency}
        currencies={dashboard.currencies.map((c) => c.currency)}
        categories={categoryNames}
      />
      <Card>
        <h2 className="sr-only">Totals in {selected.currency}</h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {facts.map((fact) => (
            <div key={fact.label}>
              <dt className="text-xs tracking-wide text-ink-muted uppercase">{fact.label}</dt>
              <dd className="mt-1 text-lg font-semibold text-ink tabular-nums">{fact.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <RevenueCharts
        currency={selected.currency}
        months={selected.months.map((m) => ({ label: formatMonth(m.month), total: m.total }))}
        categories={selected.categories.map((c) => ({ category: c.category, total: c.total }))}
        monthSummary={describeMonths(selected)}
        categorySummary={describeCategories(selected)}
      />
      <section aria-labelledby="revenue-table-heading" className="space-y-3">
        <h2 id="revenue-table-heading" className="text-lg font-semibold text-ink">
          By month and category
        </h2>
        {table.total === 0 ? (
          <EmptyState
            title="No rows match"
            description={
              <>
                <Link href={revenueHref({ ...filters, category: undefined, page: 1 })} className="underline">
                  Show every category
                </Link>
                .
              </>
            }
          />
        ) : (
          <RevenueTable
            rows={table.rows}
            currency={selected.currency}
            total={table.total}
            page={table.page}
            pageSize={table.pageSize}
            filters={{ ...filters, currency: selected.currency, page: table.page }}
          />
        )}
      </section>
    </div>
  );
}
