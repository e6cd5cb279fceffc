import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AlertsTable } from "@/components/db-health/alerts-table";
import { IndexUsageTable, UnusedIndexesTable } from "@/components/db-health/index-tables";
import { KeyFigures } from "@/components/db-health/key-figures";
import { ResetForms } from "@/components/db-health/reset-forms";
import { LockChains, LongQueriesTable } from "@/components/db-health/sessions-tables";
import { BloatPanel, TableSizes } from "@/components/db-health/table-sizes";
import { TopQueriesTable } from "@/components/db-health/top-queries-table";
import { TrendChart } from "@/components/db-health/trend-chart";
import { StatusBadge } from "@/components/db-health/status-badge";
import { Alert } from "@/components/ui/alert";
import { AddressNotes } from "@/components/ui/address-notes";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/guards";
import { getDatabaseHealth, LONG_QUERY_SECONDS } from "@/lib/db-health/queries";
import { healthHref, parseHealthSearchParams } from "@/lib/db-health/schema";
import { worstStatus } from "@/lib/db-health/thresholds";
import { summarizeTrend } from "@/lib/db-health/trend";
import { formatDateTime } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Database health" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATEMENTS_MISSING = {
  missing:
    "The pg_stat_statements extension is not installed in this database. A superuser can run CREATE EXTENSION pg_stat_statements.",
  not_loaded:
    "pg_stat_statements is installed but not loaded: add it to shared_preload_libraries and restart PostgreSQL.",
} as const;

export default async function DatabaseHealthPage({ searchParams }: Props) {
  const { params, notes } = parseHealthSearchParams(await searchParams);
  const identity = await requireAdmin(healthHref(params));
  const health = await getDatabaseHealth(identity, { params });
  if (!health) notFound();
  const { server } = health;
  const overall = worstStatus(health.alerts.map((a) => a.status));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Database health</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Measured {formatDateTime(server.measuredAt)}. Overall <StatusBadge status={overall} />. Figures count from the
          last statistics reset{server.statsReset ? ` (${formatDateTime(server.statsReset)})` : ""}.
        </p>
      </div>

      <AddressNotes notes={notes} />

      <section aria-labelledby="alerts-heading" className="space-y-3">
        <h2 id="alerts-heading" className="text-lg font-semibold text-ink">
          Alerts
        </h2>
        <AlertsTable alerts={health.alerts} />
      </section>

      <section aria-labelledby="figures-heading" className="space-y-3">
        <h2 id="figures-heading" className="text-lg font-semibold text-ink">
          Now
        </h2>
        <KeyFigures server={server} />
      </section>

      <Card aria-labelledby="trend-heading">
        <CardTitle id="trend-heading">Last 24 hours</CardTitle>
        <CardDescription>One sample per visit to this page.</CardDescription>
        <div className="mt-4">
          <TrendChart points={health.trend} summary={summarizeTrend(health.trend)} />
        </div>
      </Card>

      <section aria-labelledby="queries-heading" className="space-y-3">
        <h2 id="queries-heading" className="text-lg font-semibold text-ink">
          Top queries
        </h2>
        <p className="text-sm text-ink-muted">
          From pg_stat_statements, this database only, up to 20 of the 100 with the most total time. It keeps the mean
          and standard deviation of each statement, not percentiles: P95 is estimated as mean + 1.645 × standard
          deviation, capped at the slowest call. The app&apos;s own latency percentiles are in /api/metrics.
        </p>
        {server.statementsState !== "ok" ? (
          <Alert tone="warning">{STATEMENTS_MISSING[server.statementsState]}</Alert>
        ) : health.topQueries.length === 0 ? (
          <EmptyState
            title="No statements recorded yet"
            description="The statistics were just reset: use the app, then come back."
          />
        ) : (
          <TopQueriesTable queries={health.topQueries} params={params} />
        )}
      </section>

      <section aria-labelledby="long-heading" className="space-y-3">
        <h2 id="long-heading" className="text-lg font-semibold text-ink">
          Long-running queries
        </h2>
        <LongQueriesTable rows={health.longQueries} seconds={LONG_QUERY_SECONDS} />
      </section>

      <section aria-labelledby="locks-heading" className="space-y-3">
        <h2 id="locks-heading" className="text-lg font-semibold text-ink">
          Lock waits
        </h2>
        <LockChains lines={health.lockChains} />
      </section>

      <section aria-labelledby="unused-heading" className="space-y-3">
        <h2 id="unused-heading" className="text-lg font-semibold text-ink">
          Unused indexes
        </h2>
        <p className="text-sm text-ink-muted">
          No scan since the last reset, summed over every partition. Primary keys, unique indexes (among them the
          double-booking guard booking_venue_day_key) and exclusion indexes are never listed: they enforce a rule even
          when nothing reads them.
        </p>
        <UnusedIndexesTable indexes={health.unused} />
        <details>
          <summary className="cursor-pointer text-sm font-medium text-ink">Every index with its scans</summary>
          <div className="mt-3">
            <IndexUsageTable indexes={health.indexes} />
          </div>
        </details>
      </section>

      <section aria-labelledby="sizes-heading" className="space-y-3">
        <h2 id="sizes-heading" className="text-lg font-semibold text-ink">
          Sizes and bloat
        </h2>
        <TableSizes tables={health.tables} />
        <BloatPanel bloat={health.bloat} measureHref={healthHref(params, { bloat: "1" })} />
      </section>

      <Card aria-labelledby="reset-heading">
        <CardTitle id="reset-heading">Reset statistics</CardTitle>
        <CardDescription>Each reset is recorded in the audit log with the admin who made it.</CardDescription>
        <div className="mt-4">
          <ResetForms />
        </div>
        {health.resets.length > 0 ? (
          <ul className="mt-4 space-y-1 text-sm text-ink-muted" aria-label="Recent resets">
            {health.resets.map((reset) => (
              <li key={`${reset.target}-${reset.at}`}>
                {formatDateTime(reset.at)}:{" "}
                {reset.target === "statements" ? "query statistics" : "table and index counters"} reset by {reset.by}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
    </div>
  );
}
