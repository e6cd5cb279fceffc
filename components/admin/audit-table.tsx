"use client";

import Link from "next/link";
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
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Pagination } from "@/components/ui/pagination";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditRow } from "@/lib/audit/queries";
import { auditListHref, type TAuditFilters, type TAuditSort } from "@/lib/audit/schema";
import { formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date-time";

// The audit trail's table. The server has already filtered, sorted and
// paged the rows (manual mode); sort headers and page links change the URL.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, AuditRow>();

const operationTones: Record<string, BadgeTone> = { INSERT: "success", UPDATE: "brand", DELETE: "danger" };

const columns = helper.columns([
  helper.accessor("logId", {
    id: "log_id",
    header: "Entry",
    enableSorting: false,
    cell: (info) => (
      <Link
        href={`/admin/audit/${info.getValue()}`}
        aria-label={`Details of entry #${info.getValue()}`}
        className={cx("rounded-sm font-medium text-brand-700 underline dark:text-brand-200", focusRing)}
      >
        #{info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("changedAt", {
    id: "changed_at",
    header: "Changed at",
    cell: (info) => (
      <time dateTime={info.getValue()} className="whitespace-nowrap">
        {formatDateTime(info.getValue())}
      </time>
    ),
  }),
  helper.accessor("tableName", { id: "table_name", header: "Table", cell: (info) => <code>{info.getValue()}</code> }),
  helper.accessor("operation", {
    id: "operation",
    header: "Operation",
    cell: (info) => <Badge tone={operationTones[info.getValue()] ?? "neutral"}>{info.getValue()}</Badge>,
  }),
  helper.accessor("recordId", { id: "record_id", header: "Record", cell: (info) => info.getValue() }),
  helper.accessor((row) => row.actor.label, {
    id: "changed_by",
    header: "Actor",
    cell: (info) => (
      <span title={info.row.original.actor.raw}>
        {info.getValue()}
        <span className="sr-only"> ({info.row.original.actor.raw})</span>
      </span>
    ),
  }),
  helper.display({
    id: "changes",
    header: "Changes",
    cell: ({ row }) => {
      const entry = row.original;
      if (entry.scrubbed) return <span className="text-ink-muted">Values erased</span>;
      if (entry.operation === "INSERT") return <span className="text-ink-muted">New record</span>;
      if (entry.operation === "DELETE") return <span className="text-ink-muted">Record deleted</span>;
      return entry.changedKeys.length ? (
        entry.changedKeys.join(", ")
      ) : (
        <span className="text-ink-muted">updated_at</span>
      );
    },
  }),
]);

export type AuditTableProps = {
  rows: AuditRow[];
  total: number;
  page: number;
  filters: TAuditFilters;
};

export function AuditTable({ rows, total, page, filters }: AuditTableProps) {
  const sorting = useMemo<SortingState>(() => [{ id: filters.sort, desc: filters.dir === "desc" }], [filters]);
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: page - 1, pageSize: filters.size }),
    [page, filters.size],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.logId,
    state: { sorting, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    enableSortingRemoval: false,
  });

  return (
    <div className="space-y-4">
      <Table label="Audit log entries">
        <TableCaption className="sr-only">
          Audit log entries {(page - 1) * filters.size + 1} to {(page - 1) * filters.size + rows.length} of{" "}
          {formatCount(total)}
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
                        href={auditListHref(filters, {
                          sort: column.id as TAuditSort,
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
        label="Audit log pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => auditListHref(filters, { page: target })}
      />
    </div>
  );
}
