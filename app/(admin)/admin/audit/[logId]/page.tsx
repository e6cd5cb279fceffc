import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getAuditEntry } from "@/lib/audit/queries";
import { auditListHref, DEFAULT_AUDIT_FILTERS, isAuditedTable, parseLogId } from "@/lib/audit/schema";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Audit entry" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ logId: string }> };

function Value({ text }: { text: string | null }) {
  if (text === null) return <span className="text-ink-muted">(none)</span>;
  if (text === "") return <span className="text-ink-muted">(empty text)</span>;
  return <span className="font-mono text-xs break-all whitespace-pre-wrap">{text}</span>;
}

export default async function AuditEntryPage({ params }: Props) {
  const { logId: rawId } = await params;
  const logId = parseLogId(rawId);
  const identity = await requireAdmin(`/admin/audit/${logId ?? ""}`);
  if (logId === null) notFound();
  const entry = await getAuditEntry(identity, logId);
  if (!entry) notFound();
  const history = auditListHref(DEFAULT_AUDIT_FILTERS, {
    ...(isAuditedTable(entry.tableName) ? { table: entry.tableName } : {}),
    record: entry.recordId,
  });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-ink">Audit entry #{entry.logId}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {entry.operation} on <code>{entry.tableName}</code> record {entry.recordId}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={history} className={buttonClasses("secondary")}>
            History of this record
          </Link>
          <Link href="/admin/audit" className={buttonClasses("secondary")}>
            Back to the audit log
          </Link>
        </div>
      </div>

      <Card>
        <CardTitle>Summary</CardTitle>
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-ink-muted">Changed at</dt>
          <dd>
            <time dateTime={entry.changedAt}>{formatDateTime(entry.changedAt)}</time>
          </dd>
          <dt className="text-ink-muted">Actor</dt>
          <dd>
            {entry.actor.label} <code className="text-ink-muted">({entry.actor.raw})</code>
          </dd>
          <dt className="text-ink-muted">Operation</dt>
          <dd>
            <Badge>{entry.operation}</Badge>
          </dd>
        </dl>
      </Card>

      {entry.scrubbedAt ? (
        <Alert>
          The values of this entry were erased on {formatDateTime(entry.scrubbedAt)} (a data-protection request). Its
          hash is kept, so the audit chain still verifies.
        </Alert>
      ) : entry.diff.length === 0 ? (
        <Alert>This entry records no values.</Alert>
      ) : (
        <Table label="Changed values">
          <TableCaption>
            {entry.operation === "UPDATE"
              ? "Changed values, before → after"
              : entry.operation === "INSERT"
                ? "Values of the new record"
                : "Values of the deleted record"}
          </TableCaption>
          <TableHeader>
            <tr>
              <TableHead>Field</TableHead>
              <TableHead>Before</TableHead>
              <TableHead>After</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {entry.diff.map((line) => (
              <TableRow key={line.key}>
                <TableHead scope="row" className="font-mono text-xs font-medium normal-case">
                  {line.key}
                </TableHead>
                <TableCell className="align-top">
                  <Value text={line.before} />
                </TableCell>
                <TableCell className="align-top">
                  <span aria-hidden="true" className="mr-2 text-ink-muted">
                    →
                  </span>
                  <Value text={line.after} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
