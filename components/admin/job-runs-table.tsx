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
import { Pagination } from "@/components/ui/pagination";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date-time";
import { formatDuration } from "@/lib/format/duration";
import type { JobRunRow } from "@/lib/jobs/queries";
import { jobRunsHref, type TJobRunFilters, type TJobRunSort } from "@/lib/jobs/schema";
import { JobStatusBadge } from "./job-status-badge";

// The run history. The server has filtered, sorted and paged the rows
// (manual mode); sort headers and page links change the address.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, JobRunRow>();

const columns = helper.columns([
  helper.accessor("startedAt", {
    id: "started",
    header: "Started",
    cell: (info) => (
      <time dateTime={info.getValue()} className="whitespace-nowrap">
        {formatDateTime(info.getValue())}
      </time>
    ),
  }),
  helper.accessor("title", { id: "job", header: "Job", enableSorting: false }),
  helper.accessor("status", {
    id: "status",
    header: "Status",
    enableSorting: false,
    cell: (info) => <JobStatusBadge status={info.getValue()} />,
  }),
  helper.accessor(
    (row) => `${row.source === "once" ? "jobs:once" : "queue"}${row.attempt > 1 ? `, attempt ${row.attempt}` : ""}`,
    {
      id: "source",
      header: "Started by",
      enableSorting: false,
    },
  ),
  helper.accessor("durationMs", {
    id: "duration",
    header: "Duration",
    cell: (info) => {
      const value = info.getValue();
      return value === null ? "—" : <span className="whitespace-nowrap">{formatDuration(value)}</span>;
    },
  }),
  helper.display({
    id: "details",
    header: "Error or result",
    cell: ({ row }) =>
      row.original.error ? (
        <span className="break-words text-red-800 dark:text-red-200">{row.original.error}</span>
      ) : (
        (row.original.summary ?? <span className="text-ink-muted">—</span>)
      ),
  }),
]);

export type JobRunsTableProps = {
  rows: JobRunRow[];
  total: number;
  page: number;
  pageSize: number;
  filters: TJobRunFilters;
};

export function JobRunsTable({ rows, total, page, pageSize, filters }: JobRunsTableProps) {
  const sorting = useMemo<SortingState>(() => [{ id: filters.sort, desc: filters.dir === "desc" }], [filters]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    enableSortingRemoval: false,
  });

  return (
    <div className="space-y-4">
      <Table label="Job runs">
        <TableCaption className="sr-only">
          Job runs {(page - 1) * pageSize + 1} to {(page - 1) * pageSize + rows.length} of {formatCount(total)}
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const current = column.getIsSorted();
                return (
                  <TableHead key={header.id} aria-sort={column.getCanSort() ? ariaSort(current) : undefined}>
                    {column.getCanSort() ? (
                      <SortHeaderLink
                        href={jobRunsHref(filters, {
                          sort: column.id as TJobRunSort,
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
                <TableCell key={cell.id}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        label="Job run pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => jobRunsHref(filters, { page: target })}
      />
    </div>
  );
}
