import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ChainLine } from "@/lib/db-health/analysis";
import { formatDuration } from "@/lib/db-health/format";
import type { LockRow, SessionRow } from "@/lib/db-health/queries";

function QueryText({ query }: { query: string }) {
  return (
    <code className="block max-w-md truncate font-mono text-xs" title={query}>
      {query || "—"}
    </code>
  );
}

function waitText(row: SessionRow): string {
  return row.waitEventType ? `${row.waitEventType}: ${row.waitEvent ?? ""}` : "—";
}

/** Statements running (or transactions left open) for longer than the threshold. */
export function LongQueriesTable({ rows, seconds }: { rows: SessionRow[]; seconds: number }) {
  if (rows.length === 0) {
    return (
      <EmptyState
        title={`No query has been running for more than ${seconds} s`}
        description="A statement that runs this long on a page would hit the statement timeout; look here when pages are slow."
      />
    );
  }
  return (
    <Table label="Long-running queries">
      <TableCaption>Queries running for more than {seconds} s</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>PID</TableHead>
          <TableHead>Role / application</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Waiting on</TableHead>
          <TableHead className="text-right">For</TableHead>
          <TableHead>Query</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.pid}>
            <TableCell className="tabular-nums">{row.pid}</TableCell>
            <TableCell>
              {row.role}
              <span className="block text-xs text-ink-muted">{row.applicationName || "—"}</span>
            </TableCell>
            <TableCell>{row.state}</TableCell>
            <TableCell>{waitText(row)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(row.seconds)}</TableCell>
            <TableCell>
              <QueryText query={row.query} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Each blocking chain from the session holding the lock down to the sessions queued behind it. */
export function LockChains({ lines }: { lines: ChainLine<LockRow>[] }) {
  if (lines.length === 0) {
    return (
      <EmptyState
        title="No session is waiting for a lock"
        description="When one is, its chain appears here: the session holding the lock first, then everything queued behind it."
      />
    );
  }
  return (
    <Table label="Lock waits">
      <TableCaption>Blocking chains (pg_blocking_pids)</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Session</TableHead>
          <TableHead>Waits for</TableHead>
          <TableHead>State</TableHead>
          <TableHead className="text-right">Waiting</TableHead>
          <TableHead>Query</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {lines.map(({ row, depth, waitsFor }) => (
          <TableRow key={row.pid}>
            <TableCell>
              <span style={{ paddingLeft: `${depth * 1.25}rem` }} className="tabular-nums">
                {depth > 0 ? "↳ " : ""}
                {row.pid}
              </span>
              <span className="block text-xs text-ink-muted">
                {row.role} {row.applicationName ? `· ${row.applicationName}` : ""}
              </span>
            </TableCell>
            <TableCell>{waitsFor === null ? "nothing (holds the lock)" : `PID ${row.blockedBy.join(", ")}`}</TableCell>
            <TableCell>
              {row.state}
              <span className="block text-xs text-ink-muted">{waitText(row)}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatDuration(row.seconds)}</TableCell>
            <TableCell>
              <QueryText query={row.query} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
