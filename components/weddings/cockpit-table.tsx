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
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Pagination } from "@/components/ui/pagination";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { WeddingStatusBadge } from "@/components/wedding-status-badge";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import type { CockpitRow } from "@/lib/weddings/cockpit";
import { cockpitHref, type TCockpitFilters, type TCockpitSort } from "@/lib/weddings/cockpit-schema";
import { formatDaysLeft, formatMoney, formatPercent } from "./format";

// The cockpit's table. The server has already searched, filtered, sorted and
// paged the rows (manual mode); sort headers and page links change the URL.
// Over-budget and overdue weddings carry a badge that says so in words, and
// their figures turn red: the colour only repeats the text.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, CockpitRow>();

const muted = "text-ink-muted";
const alarm = "font-semibold text-red-700 dark:text-red-300";

const columns = helper.columns([
  helper.accessor("name", {
    id: "name",
    header: "Wedding",
    cell: (info) => (
      <div className="flex flex-col items-start gap-1">
        <Link
          href={`/weddings/${info.row.original.id}`}
          className={cx("rounded-sm font-medium text-brand-700 underline dark:text-brand-200", focusRing)}
        >
          {info.getValue()}
        </Link>
        <WeddingStatusBadge status={info.row.original.status} />
      </div>
    ),
  }),
  helper.accessor("date", {
    id: "date",
    header: "Date",
    cell: (info) => (
      <span className="flex flex-col whitespace-nowrap">
        <time dateTime={info.getValue()}>{formatDate(info.getValue())}</time>
        <span className={cx("text-xs tabular-nums", muted)}>
          {info.row.original.daysLeft > 0
            ? `${formatDaysLeft(info.row.original.daysLeft)} left`
            : formatDaysLeft(info.row.original.daysLeft)}
        </span>
      </span>
    ),
  }),
  helper.accessor("couple", { id: "couple", header: "Couple", cell: (info) => info.getValue() }),
  helper.accessor("invited", {
    id: "invited",
    header: "Invited",
    cell: (info) => <span className="tabular-nums">{formatCount(info.getValue())}</span>,
  }),
  helper.accessor("accepted", {
    id: "accepted",
    header: "Accepted",
    cell: (info) => <span className="tabular-nums">{formatCount(info.getValue())}</span>,
  }),
  helper.accessor("pending", {
    id: "pending",
    header: "Pending",
    cell: (info) => <span className="tabular-nums">{formatCount(info.getValue())}</span>,
  }),
  helper.accessor("budgetUsed", {
    id: "budget_used",
    header: "Budget used",
    cell: ({ row }) => <BudgetUsedCell row={row.original} />,
  }),
  helper.accessor("overdueCount", {
    id: "overdue",
    header: "Overdue",
    cell: ({ row }) => <OverdueCell row={row.original} />,
  }),
  helper.accessor((row) => row.nextEvent?.date ?? null, {
    id: "next_event",
    header: "Next event",
    cell: ({ row }) => {
      const event = row.original.nextEvent;
      if (!event) return <span className={muted}>None planned</span>;
      return (
        <span className="flex flex-col">
          <span>{event.name}</span>
          <span className={cx("text-xs whitespace-nowrap", muted)}>
            <time dateTime={`${event.date}T${event.startTime}`}>
              {formatDate(event.date)}, {event.startTime}
            </time>
          </span>
        </span>
      );
    },
  }),
]);

function BudgetUsedCell({ row }: { row: CockpitRow }) {
  const percent = formatPercent(row.budgetUsed);
  if (!row.overBudget) {
    return percent ? <span className="tabular-nums">{percent}</span> : <span className={muted}>No budget</span>;
  }
  return (
    <span className="flex flex-col items-start gap-1">
      <span className={cx("tabular-nums", alarm)}>{percent ?? formatMoney(row.spent, row.currency)}</span>
      <Badge tone="danger">Over budget</Badge>
      <span className="sr-only">
        : {formatMoney(row.spent, row.currency)} spent of {formatMoney(row.budget, row.currency)}
      </span>
    </span>
  );
}

function OverdueCell({ row }: { row: CockpitRow }) {
  if (row.overdueCount === 0) return <span className={muted}>None</span>;
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="danger">{row.overdueCount === 1 ? "1 overdue" : `${formatCount(row.overdueCount)} overdue`}</Badge>
      <span className={cx("tabular-nums whitespace-nowrap", alarm)}>
        {formatMoney(row.overdueAmount, row.currency)}
      </span>
    </span>
  );
}

export type CockpitTableProps = {
  rows: CockpitRow[];
  total: number;
  page: number;
  filters: TCockpitFilters;
};

export function CockpitTable({ rows, total, page, filters }: CockpitTableProps) {
  const sorting = useMemo<SortingState>(() => [{ id: filters.sort, desc: filters.dir === "desc" }], [filters]);
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: page - 1, pageSize: filters.size }),
    [page, filters.size],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => String(row.id),
    state: { sorting, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    enableSortingRemoval: false,
  });

  return (
    <div className="space-y-4">
      {/* Nine columns: a little less padding than other tables, so they fit a laptop screen. */}
      <Table label="Weddings" className="[&_td]:px-3 [&_th]:px-3">
        <TableCaption className="sr-only">
          Weddings {(page - 1) * filters.size + 1} to {(page - 1) * filters.size + rows.length} of {formatCount(total)}
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const current = column.getIsSorted();
                const next = column.getNextSortingOrder() === "desc" ? "desc" : "asc";
                return (
                  <TableHead key={header.id} aria-sort={ariaSort(current)}>
                    <SortHeaderLink
                      href={cockpitHref(filters, { sort: column.id as TCockpitSort, dir: next, page: 1 })}
                      current={current}
                      next={next}
                    >
                      <table.FlexRender header={header} />
                    </SortHeaderLink>
                  </TableHead>
                );
              })}
            </tr>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => {
            const flagged = row.original.overBudget || row.original.overdueCount > 0;
            return (
              <TableRow
                key={row.id}
                className={cx(flagged && "bg-red-50/50 dark:bg-red-950/30")}
                data-flagged={flagged ? "true" : undefined}
              >
                {row.getAllCells().map((cell) =>
                  cell.column.id === "name" ? (
                    <TableHead key={cell.id} scope="row" className="font-normal whitespace-normal">
                      <table.FlexRender cell={cell} />
                    </TableHead>
                  ) : (
                    <TableCell key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ),
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Pagination
        label="Wedding pages"
        page={table.state.pagination.pageIndex + 1}
        pageCount={Math.max(1, table.getPageCount())}
        hrefFor={(target) => cockpitHref(filters, { page: target })}
      />
    </div>
  );
}
