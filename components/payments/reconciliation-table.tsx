"use client";

import Link from "next/link";
import { useMemo } from "react";
import {
  createColumnHelper,
  rowPaginationFeature,
  tableFeatures,
  useTable,
  type PaginationState,
} from "@tanstack/react-table";
import { formatAmount } from "@/components/budget/money";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import type { ReconciliationRow } from "@/lib/payments/reconciliation";
import { reconciliationHref, type TPaymentStatus, type TReconciliationFilters } from "@/lib/payments/schema";

// The reconciliation table. The server has already filtered and paged the
// rows (manual pagination); page links change the URL. Refunds show as money
// going out, with a minus sign and the word "Refund".

const features = tableFeatures({ rowPaginationFeature });
const helper = createColumnHelper<typeof features, ReconciliationRow>();

const STATUS_TONES: Record<TPaymentStatus, BadgeTone> = {
  Pending: "neutral",
  Completed: "success",
  Failed: "danger",
  Refunded: "warning",
};

const columns = helper.columns([
  helper.accessor("date", {
    id: "date",
    header: "Date",
    cell: (info) => <time dateTime={info.getValue()}>{formatDate(info.getValue())}</time>,
  }),
  helper.accessor("weddingName", {
    id: "wedding",
    header: "Wedding",
    cell: (info) => (
      <Link
        href={`/weddings/${info.row.original.weddingId}/payments`}
        className={cx("rounded-sm text-brand-700 underline dark:text-brand-200", focusRing)}
      >
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("supplier", { id: "supplier", header: "Paid to", cell: (info) => info.getValue() }),
  helper.accessor("status", {
    id: "status",
    header: "Status",
    cell: (info) => (
      <Badge tone={STATUS_TONES[info.getValue()]}>{info.row.original.isRefund ? "Refund" : info.getValue()}</Badge>
    ),
  }),
  helper.accessor("amount", {
    id: "amount",
    header: "Amount",
    cell: (info) => {
      const row = info.row.original;
      return (
        <span className="tabular-nums">{formatAmount(row.isRefund ? `-${row.amount}` : row.amount, row.currency)}</span>
      );
    },
  }),
  helper.accessor("method", {
    id: "method",
    header: "Method",
    cell: (info) => {
      const row = info.row.original;
      return (
        <span className="flex flex-col gap-1 whitespace-normal">
          <span>{info.getValue() ?? <span className="text-ink-muted">—</span>}</span>
          {row.overpaymentReason ? (
            <span className="text-xs text-ink-muted">
              <Badge tone="warning">Overpayment</Badge> {row.overpaymentReason}
            </span>
          ) : null}
        </span>
      );
    },
  }),
]);

export type ReconciliationTableProps = {
  rows: ReconciliationRow[];
  total: number;
  page: number;
  filters: TReconciliationFilters;
};

export function ReconciliationTable({ rows, total, page, filters }: ReconciliationTableProps) {
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: page - 1, pageSize: filters.size }),
    [page, filters.size],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => `${row.id}-${row.date}`,
    state: { pagination },
    manualPagination: true,
    rowCount: total,
  });

  return (
    <div className="space-y-4">
      <Table label="Payments">
        <TableCaption className="sr-only">
          Payments {(page - 1) * filters.size + 1} to {(page - 1) * filters.size + rows.length} of {formatCount(total)},
          newest first
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <TableHead key={header.id} className={header.column.id === "amount" ? "text-right" : undefined}>
                  <table.FlexRender header={header} />
                </TableHead>
              ))}
            </tr>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) =>
                cell.column.id === "date" ? (
                  <TableHead key={cell.id} scope="row" className="font-normal whitespace-nowrap">
                    <table.FlexRender cell={cell} />
                  </TableHead>
                ) : (
                  <TableCell key={cell.id} className={cell.column.id === "amount" ? "text-right" : undefined}>
                    <table.FlexRender cell={cell} />
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        label="Payment pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => reconciliationHref(filters, { page: target })}
      />
    </div>
  );
}
