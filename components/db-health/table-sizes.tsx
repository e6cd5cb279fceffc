import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BloatRow } from "@/lib/db-health/analysis";
import { formatBytes, formatInteger, formatPercent } from "@/lib/db-health/format";
import type { TableUsage } from "@/lib/db-health/queries";
import { formatDateTime } from "@/lib/format/date-time";

/** Table and index sizes with live and dead rows (partitions folded into their table). */
export function TableSizes({ tables }: { tables: TableUsage[] }) {
  return (
    <Table label="Table sizes">
      <TableCaption>Tables and their indexes, largest first</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Table</TableHead>
          <TableHead className="text-right">Table</TableHead>
          <TableHead className="text-right">Indexes</TableHead>
          <TableHead className="text-right">Live rows</TableHead>
          <TableHead className="text-right">Dead rows</TableHead>
          <TableHead className="text-right">Seq / index scans</TableHead>
          <TableHead>Last vacuum</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {tables.map((t) => {
          const dead = t.liveRows + t.deadRows > 0 ? (100 * t.deadRows) / (t.liveRows + t.deadRows) : null;
          return (
            <TableRow key={t.tableName}>
              <TableCell>
                {t.tableName}
                {t.partitions > 0 ? (
                  <span className="block text-xs text-ink-muted">{formatInteger(t.partitions)} partitions</span>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatBytes(t.tableBytes)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatBytes(t.indexBytes)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatInteger(t.liveRows)}</TableCell>
              <TableCell className="text-right tabular-nums">
                {formatInteger(t.deadRows)}
                {dead !== null && dead > 0 ? (
                  <span className="block text-xs text-ink-muted">{formatPercent(dead, 1)}</span>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {formatInteger(t.seqScans)} / {formatInteger(t.indexScans)}
              </TableCell>
              <TableCell className="text-ink-muted">{t.lastVacuum ? formatDateTime(t.lastVacuum) : "never"}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** Measured bloat, on demand: it reads every index (pgstatindex), so it is not done on every visit. */
export function BloatPanel({ bloat, measureHref }: { bloat: BloatRow[] | null | "unavailable"; measureHref: string }) {
  if (bloat === null) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-ink-muted">
          Measuring bloat reads every B-tree index in full and the changed pages of every table (pgstattuple), on the
          report connection pool with its own time limit. It takes a while on a large database.
        </p>
        <Link href={measureHref} className={buttonClasses("secondary")}>
          Measure bloat
        </Link>
      </div>
    );
  }
  if (bloat === "unavailable") {
    return (
      <Alert tone="warning">
        The pgstattuple extension is not installed, so bloat cannot be measured. A superuser can run{" "}
        <code>CREATE EXTENSION pgstattuple</code>; the dead-row counts above are the estimate meanwhile.
      </Alert>
    );
  }
  const shown = bloat.filter((row) => row.bytes > 0).slice(0, 30);
  return (
    <Table label="Bloat">
      <TableCaption>Measured bloat, most wasted space first</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Relation</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead className="text-right">Reclaimable</TableHead>
          <TableHead>What would reclaim it</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {shown.map((row) => (
          <TableRow key={`${row.kind}:${row.relationName}`}>
            <TableCell>
              <span className="font-mono text-xs">{row.relationName}</span>
              <span className="block text-xs text-ink-muted">
                {row.kind === "index" ? `index on ${row.tableName}` : "table"}
                {row.partitions > 1 ? `, ${formatInteger(row.partitions)} partitions` : ""}
              </span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatBytes(row.bytes)}</TableCell>
            <TableCell className="text-right tabular-nums">
              {formatBytes(row.wastedBytes)}
              <span className="block text-xs text-ink-muted">{formatPercent(row.wastedPct, 1)}</span>
            </TableCell>
            <TableCell>
              <code className="font-mono text-xs">
                {row.kind === "index"
                  ? `REINDEX INDEX CONCURRENTLY ${row.relationName}`
                  : `VACUUM (ANALYZE) ${row.relationName}`}
              </code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
