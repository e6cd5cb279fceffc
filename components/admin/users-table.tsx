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
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { UserListRow } from "@/lib/admin/queries";
import { usersListHref, type TUserFilters, type TUserSort } from "@/lib/admin/schema";
import { formatCount } from "@/lib/format/count";
import { formatDateTime } from "@/lib/format/date-time";
import { UserActions } from "./user-actions";

// The accounts table: server-sorted and paged (manual mode), with the sort
// and page in the URL.

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, UserListRow>();

const roleTones: Record<string, BadgeTone> = { admin: "danger", planner: "brand", vendor: "neutral" };

function makeColumns(selfId: number) {
  return helper.columns([
    helper.accessor("name", {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <div>
          <div className="font-medium">{row.original.name}</div>
          {row.original.organisation ? <div className="text-xs text-ink-muted">{row.original.organisation}</div> : null}
        </div>
      ),
    }),
    helper.accessor("email", { id: "email", header: "Email" }),
    helper.accessor("role", {
      id: "role",
      header: "Role",
      cell: (info) => <Badge tone={roleTones[info.getValue()] ?? "neutral"}>{info.getValue()}</Badge>,
    }),
    helper.accessor("mfaEnabled", {
      id: "mfa",
      header: "MFA",
      enableSorting: false,
      cell: (info) => (info.getValue() ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>),
    }),
    helper.accessor("disabled", {
      id: "status",
      header: "Status",
      enableSorting: false,
      cell: (info) => (info.getValue() ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>),
    }),
    helper.accessor("lastSignInAt", {
      id: "last_sign_in",
      header: "Last sign-in",
      cell: (info) => {
        const value = info.getValue();
        return value ? (
          <time dateTime={value} className="whitespace-nowrap">
            {formatDateTime(value)}
          </time>
        ) : (
          <span className="text-ink-muted">Never</span>
        );
      },
    }),
    helper.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => <UserActions user={row.original} isSelf={row.original.id === selfId} />,
    }),
  ]);
}

export type UsersTableProps = {
  rows: UserListRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  filters: TUserFilters;
  selfId: number;
};

export function UsersTable({ rows, total, page, pageCount, pageSize, filters, selfId }: UsersTableProps) {
  const columns = useMemo(() => makeColumns(selfId), [selfId]);
  const sorting = useMemo<SortingState>(() => [{ id: filters.sort, desc: filters.dir === "desc" }], [filters]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);
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
      <Table label="Accounts">
        <TableCaption className="sr-only">Accounts, {formatCount(total)} in all</TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const current = column.getIsSorted();
                const next = column.getNextSortingOrder() === "desc" ? "desc" : "asc";
                return (
                  <TableHead key={header.id} aria-sort={column.getCanSort() ? ariaSort(current) : undefined}>
                    {column.getCanSort() ? (
                      <SortHeaderLink
                        href={usersListHref(filters, { sort: column.id as TUserSort, dir: next, page: 1 })}
                        current={current}
                        next={next}
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
                <TableCell key={cell.id} className="align-top">
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pagination
        label="Account pages"
        page={page}
        pageCount={Math.max(1, table.getPageCount(), pageCount)}
        hrefFor={(target) => usersListHref(filters, { page: target })}
      />
    </div>
  );
}
