import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatInteger, formatMs, formatPercent } from "@/lib/db-health/format";
import type { TopQuery } from "@/lib/db-health/queries";
import { healthHref, type THealthParams, type TQuerySort } from "@/lib/db-health/schema";

const COLUMNS: { sort: TQuerySort; label: string }[] = [
  { sort: "calls", label: "Calls" },
  { sort: "total", label: "Total" },
  { sort: "mean", label: "Mean" },
  { sort: "p95", label: "P95 (est.)" },
  { sort: "rows", label: "Rows" },
  { sort: "hit", label: "Buffer hits" },
];

/** pg_stat_statements' costliest statements, sortable by any figure (kept in the address). */
export function TopQueriesTable({ queries, params }: { queries: TopQuery[]; params: THealthParams }) {
  return (
    <Table label="Top queries">
      <TableCaption>
        Top queries by {COLUMNS.find((c) => c.sort === params.sort)?.label.toLowerCase()} (
        {params.dir === "asc" ? "lowest" : "highest"} first)
      </TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Query</TableHead>
          {COLUMNS.map((column) => {
            const current = params.sort === column.sort ? params.dir : false;
            const next = current === "desc" ? "asc" : "desc";
            return (
              <TableHead key={column.sort} aria-sort={ariaSort(current)} className="text-right">
                <SortHeaderLink
                  href={healthHref(params, { sort: column.sort, dir: next })}
                  current={current}
                  next={next}
                >
                  {column.label}
                </SortHeaderLink>
              </TableHead>
            );
          })}
        </tr>
      </TableHeader>
      <TableBody>
        {queries.map((q) => (
          <TableRow key={`${q.queryId}-${q.role}`} data-testid="top-query">
            <TableCell className="max-w-md">
              <details>
                <summary className="cursor-pointer truncate font-mono text-xs">{q.query.slice(0, 120)}</summary>
                <pre className="mt-2 text-xs whitespace-pre-wrap">{q.query}</pre>
                <p className="mt-1 text-xs text-ink-muted">
                  Role {q.role}; slowest call {formatMs(q.maxMs)}; query id {q.queryId}.
                </p>
              </details>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatInteger(q.calls)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMs(q.totalMs)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMs(q.meanMs)}</TableCell>
            <TableCell className="text-right tabular-nums">≈ {formatMs(q.p95EstimateMs)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatInteger(q.rows)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatPercent(q.hitPct, 1)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
