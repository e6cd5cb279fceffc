import type { ReactNode } from "react";
import { formatDateTime } from "@/lib/format/date-time";
import { formatBytes, formatInteger, formatPercent } from "@/lib/db-health/format";
import type { ServerFigures } from "@/lib/db-health/queries";
import { classifyCacheHit } from "@/lib/db-health/thresholds";
import { StatusBadge } from "./status-badge";

function Figure({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="rounded-lg border border-line bg-surface p-4">
      <dt className="text-sm text-ink-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-ink" data-testid={testId}>
        {value}
      </dd>
      {detail ? <dd className="mt-1 text-xs text-ink-muted">{detail}</dd> : null}
    </div>
  );
}

/** The headline numbers: cache, connections, activity, deadlocks, replication. */
export function KeyFigures({ server }: { server: ServerFigures }) {
  const usable = server.maxConnections - server.reservedConnections;
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Figure
        label="Buffer cache hit ratio (tables)"
        testId="cache-hit-ratio"
        value={formatPercent(server.cacheHitPct)}
        detail={
          <>
            Target above 99 % <StatusBadge status={classifyCacheHit(server.cacheHitPct)} />. Whole database, indexes
            included: {formatPercent(server.databaseHitPct)}.
          </>
        }
      />
      <Figure
        label="Connections"
        testId="connections"
        value={`${formatInteger(server.connections)} of ${formatInteger(server.maxConnections)}`}
        detail={`${formatPercent((100 * server.connections) / Math.max(1, usable), 0)} of the ${formatInteger(usable)} open to the app (${formatInteger(server.reservedConnections)} reserved for superusers).`}
      />
      <Figure
        label="Active queries"
        value={formatInteger(server.activeQueries)}
        detail={`${formatInteger(server.idleInTransaction)} idle inside a transaction; ${formatInteger(server.lockWaits)} waiting for a lock.`}
      />
      <Figure
        label="Deadlocks since reset"
        testId="deadlocks"
        value={formatInteger(server.deadlocks)}
        detail={
          server.statsReset
            ? `Counting since ${formatDateTime(server.statsReset)}.`
            : "Counting since the server started."
        }
      />
      <Figure
        label="Replication"
        value={
          server.isStandby
            ? "Standby"
            : server.replicas > 0
              ? `${formatInteger(server.replicas)} ${server.replicas === 1 ? "replica" : "replicas"}`
              : "No replica"
        }
        detail={
          server.isStandby || server.replicas > 0 ? "Lag in the alert table above." : "pg_stat_replication is empty."
        }
      />
      <Figure
        label="Database size"
        value={formatBytes(server.databaseBytes)}
        detail={`PostgreSQL ${server.serverVersion}.`}
      />
    </dl>
  );
}
