"use client";

import { useMemo } from "react";
import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type PaginationState,
  type SortingState,
} from "@tanstack/react-table";
import { formatMoney } from "@/components/weddings/format";
import { Pagination } from "@/components/ui/pagination";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format/count";
import { revenueHref, type TRevenueFilters, type TRevenueSort } from "@/lib/revenue/schema";
import type { RevenueCell } from "@/lib/revenue/table";
import { formatMonth } from "./summary";

// Month × category figures of one currency. The server has filtered, sorted
// and paged the rows (manual mode); sort headers and page links change the address.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, RevenueCell & { currency: string }>();

const right = "text-right tabular-nums whitespace-nowrap";

const columns = helper.columns([
  helper.accessor("month", { id: "month", header: "Month", cell: (info) => formatMonth(info.getValue()) }),
  helper.accessor("category", { id: "category", header: "Category" }),
  helper.accessor("payments", { id: "payments", header: "Payments", cell: (info) => formatCount(info.getValue()) }),
  helper.accessor("total", {
    id: "total",
    header: "Revenue",
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  helper.accessor("average", {
    id: "average",
    header: "Average payment",
    enableSorting: false,
    cell: (info) => {
      const value = info.getValue();
      return value === null ? "—" : formatMoney(value, info.row.original.currency);
    },
  }),
  helper.accessor("refundedTotal", {
    id: "refunded",
    header: "Refunded",
    enableSorting: false,
    cell: (info) =>
      info.row.original.refunds === 0
        ? "—"
        : `${formatMoney(info.getValue(), info.row.original.currency)} (${info.row.original.refunds})`,
  }),
]);

const numeric = new Set(["payments", "total", "average", "refunded"]);

export type RevenueTableProps = {
  rows: RevenueCell[];
  currency: string;
  total: number;
  page: number;
  pageSize: number;
  filters: TRevenueFilters;
};

export function RevenueTable({ rows, currency, total, page, pageSize, filters }: RevenueTableProps) {
  const data = useMemo(() => rows.map((row) => ({ ...row, currency })), [rows, currency]);
  const sorting = useMemo<SortingState>(() => [{ id: filters.sort, desc: filters.dir === "desc" }], [filters]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);
  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => `${row.month}|${row.category}`,
    state: { sorting, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    enableSortingRemoval: false,
  });

  return (
    <div className="space-y-4">
      <Table label={`Revenue in ${currency} by month and category`}>
        <TableCaption className="sr-only">
          Revenue in {currency} by month and category, rows {(page - 1) * pageSize + 1} to{" "}
          {(page - 1) * pageSize + rows.length} of {formatCount(total)}
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const current = column.getIsSorted();
                return (
                  <TableHead
                    key={header.id}
                    aria-sort={column.getCanSort() ? ariaSort(current) : undefined}
                    className={numeric.has(column.id) ? "text-right" : undefined}
                  >
                    {column.getCanSort() ? (
                      <SortHeaderLink
                        href={revenueHref(filters, {
                          sort: column.id as TRevenueSort,
                          dir: column.getNextSortingOrder() === "desc" ? "desc" : "asc",
                          page: 1,
                        })}
                        current={current}
                        next={column.getNextSortingOrder() === "desc" ? "desc" : "asc"}
                      >
                        <table.FlexRender header={header} />
                      </SortHeaderLink>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </TableHead>
                );
              })}
            </tr>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) => (
                <TableCell key={cell.id} className={numeric.has(cell.column.id) ? right : undefined}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        label="Revenue table pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => revenueHref(filters, { page: target })}
      />
    </div>
  );
}
