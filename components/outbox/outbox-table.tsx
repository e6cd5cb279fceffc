"use client";

import { useMemo } from "react";
import {
  createColumnHelper,
  rowPaginationFeature,
  tableFeatures,
  useTable,
  type PaginationState,
} from "@tanstack/react-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format/date-time";
import type { OutboxRow } from "@/lib/outbox/queries";
import {
  KIND_LABELS,
  OUTBOX_PAGE_SIZE,
  outboxHref,
  type TOutboxFilters,
  type TOutboxStatus,
} from "@/lib/outbox/schema";

// One wedding's messages, newest first. The server has already filtered and
// paged them (manual mode); the page links change the URL.

const features = tableFeatures({ rowPaginationFeature });
const helper = createColumnHelper<typeof features, OutboxRow>();

const statusTones: Record<TOutboxStatus, BadgeTone> = {
  queued: "brand",
  sending: "warning",
  sent: "success",
  failed: "danger",
  skipped: "neutral",
};

export function OutboxStatusBadge({ status, attempts }: { status: TOutboxStatus; attempts: number }) {
  const retrying = status === "queued" && attempts > 0;
  return (
    <Badge tone={retrying ? "warning" : statusTones[status]}>
      {retrying ? "Queued, will retry" : status.charAt(0).toUpperCase() + status.slice(1)}
    </Badge>
  );
}

function Instant({ value }: { value: string | null }) {
  if (!value) return <span className="text-ink-muted">—</span>;
  return (
    <time dateTime={value} className="whitespace-nowrap">
      {formatDateTime(value)}
    </time>
  );
}

const columns = helper.columns([
  helper.accessor("createdAt", {
    id: "created_at",
    header: "Queued",
    cell: (info) => <Instant value={info.getValue()} />,
  }),
  helper.accessor("to", {
    id: "to",
    header: "To",
    cell: (info) => <span className="break-all">{info.getValue()}</span>,
  }),
  helper.accessor("subject", { id: "subject", header: "Subject", cell: (info) => info.getValue() }),
  helper.accessor("kind", { id: "kind", header: "Kind", cell: (info) => KIND_LABELS[info.getValue()] }),
  helper.accessor("eventName", {
    id: "event",
    header: "Event",
    cell: (info) => info.getValue() ?? <span className="text-ink-muted">—</span>,
  }),
  helper.accessor("status", {
    id: "status",
    header: "Status",
    cell: (info) => <OutboxStatusBadge status={info.getValue()} attempts={info.row.original.attempts} />,
  }),
  helper.accessor("attempts", { id: "attempts", header: "Attempts", cell: (info) => info.getValue() }),
  helper.accessor("sentAt", { id: "sent_at", header: "Sent", cell: (info) => <Instant value={info.getValue()} /> }),
  helper.accessor("lastError", {
    id: "last_error",
    header: "Last error",
    cell: (info) =>
      info.getValue() ? (
        <span className="block max-w-xs text-xs break-words">{info.getValue()}</span>
      ) : (
        <span className="text-ink-muted">—</span>
      ),
  }),
]);

export type OutboxTableProps = {
  weddingId: number;
  rows: OutboxRow[];
  total: number;
  page: number;
  filters: TOutboxFilters;
};

export function OutboxTable({ weddingId, rows, total, page, filters }: OutboxTableProps) {
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize: OUTBOX_PAGE_SIZE }), [page]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => String(row.id),
    state: { pagination },
    manualPagination: true,
    rowCount: total,
  });
  const first = (page - 1) * OUTBOX_PAGE_SIZE + 1;

  return (
    <div className="space-y-4">
      <Table label="Outbox messages">
        <TableCaption className="sr-only">
          Outbox messages {first} to {first + rows.length - 1} of {total}, newest first
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <TableHead key={header.id}>
                  <table.FlexRender header={header} />
                </TableHead>
              ))}
            </tr>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) => (
                <TableCell key={cell.id}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        label="Outbox pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => outboxHref(weddingId, filters, { page: target })}
      />
    </div>
  );
}
