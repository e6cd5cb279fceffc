"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef } from "react";
import {
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type SortingState,
} from "@tanstack/react-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { ariaSort, SortHeaderLink } from "@/components/ui/sort-header";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import type { GuestListEvent, GuestListRow, GuestRsvp } from "@/lib/guests/queries";
import { guestListHref, type TGuestFilters } from "@/lib/guests/schema";
import { BulkActions } from "./bulk-actions";

// The guest list: one row per guest, a column per active event with the
// guest's RSVP and meal. The server filtered the rows (search and RSVP filter
// are in the URL); sorting happens here, in the browser, by the column the
// URL names, since one wedding has well under a thousand guests. Checkboxes
// select guests for the bulk actions: invite to an event, remove from one.

const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { text: sortFn_text, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, GuestListRow>();

const statusTones: Record<GuestRsvp["status"], BadgeTone> = {
  Accepted: "success",
  Declined: "danger",
  Pending: "warning",
};
// Sorting an event column: accepted first, then pending, declined, not invited.
const statusRank: Record<GuestRsvp["status"], number> = { Accepted: 0, Pending: 1, Declined: 2 };

function Checkbox({
  checked,
  indeterminate = false,
  label,
  onChange,
}: {
  checked: boolean;
  indeterminate?: boolean;
  label: string;
  onChange: (event: unknown) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={checked}
      onChange={onChange}
      aria-label={label}
      className={cx("size-5 cursor-pointer accent-brand-600", focusRing)}
    />
  );
}

function RsvpCell({ rsvp }: { rsvp: GuestRsvp | undefined }) {
  if (!rsvp) {
    return (
      <span className="text-ink-muted">
        <span aria-hidden="true">—</span>
        <span className="sr-only">Not invited</span>
      </span>
    );
  }
  return (
    <div className="space-y-1">
      <Badge tone={statusTones[rsvp.status]}>{rsvp.status}</Badge>
      {rsvp.mealChoice || rsvp.plusOnes > 0 ? (
        <div className="text-xs text-ink-muted">
          {rsvp.mealChoice ?? ""}
          {rsvp.mealChoice && rsvp.plusOnes > 0 ? " · " : ""}
          {rsvp.plusOnes > 0 ? `+${rsvp.plusOnes}` : ""}
          {rsvp.plusOnes > 0 ? <span className="sr-only"> plus-one{rsvp.plusOnes === 1 ? "" : "s"}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

function makeColumns(weddingId: number, events: GuestListEvent[]) {
  return helper.columns([
    helper.display({
      id: "select",
      enableSorting: false,
      header: ({ table }) => (
        <Checkbox
          checked={table.getIsAllRowsSelected()}
          indeterminate={table.getIsSomeRowsSelected()}
          label="Select every guest shown"
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          checked={row.getIsSelected()}
          label={`Select ${row.original.fullName}`}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    }),
    helper.accessor("fullName", {
      id: "name",
      header: "Name",
      sortFn: "text",
      cell: ({ row }) => (
        <Link
          href={`/weddings/${weddingId}/guests/${row.original.id}`}
          className={cx("rounded-sm font-medium text-brand-700 underline dark:text-brand-200", focusRing)}
        >
          {row.original.fullName}
        </Link>
      ),
    }),
    helper.accessor("householdName", { id: "household", header: "Household", sortFn: "text" }),
    helper.accessor((row) => row.email ?? "", {
      id: "email",
      header: "Contact",
      sortFn: "text",
      cell: ({ row }) => (
        <div className="text-xs">
          {row.original.email ? <div className="break-all">{row.original.email}</div> : null}
          {row.original.phone ? <div className="whitespace-nowrap">{row.original.phone}</div> : null}
          {!row.original.email && !row.original.phone ? <span className="text-ink-muted">None</span> : null}
        </div>
      ),
    }),
    helper.accessor((row) => row.dietaryPreference ?? "", {
      id: "dietary",
      header: "Dietary",
      sortFn: "text",
      cell: (info) => info.getValue() || <span className="text-ink-muted">None</span>,
    }),
    ...events.map((event) =>
      helper.accessor(
        (row) => {
          const rsvp = row.rsvps.find((r) => r.eventId === event.id);
          return rsvp ? statusRank[rsvp.status] : 3;
        },
        {
          id: `event-${event.id}`,
          sortFn: "basic",
          header: () => (
            <span className="normal-case">
              {event.name}
              <span className="block text-[11px] font-normal text-ink-muted">{formatDate(event.date)}</span>
            </span>
          ),
          cell: ({ row }) => <RsvpCell rsvp={row.original.rsvps.find((r) => r.eventId === event.id)} />,
        },
      ),
    ),
  ]);
}

export type GuestTableProps = {
  weddingId: number;
  events: GuestListEvent[];
  rows: GuestListRow[];
  filters: TGuestFilters;
};

export function GuestTable({ weddingId, events, rows, filters }: GuestTableProps) {
  const columns = useMemo(() => makeColumns(weddingId, events), [weddingId, events]);
  const sortable = useMemo(
    () => new Set(["name", "household", "email", "dietary", ...events.map((e) => `event-${e.id}`)]),
    [events],
  );
  const sorting = useMemo<SortingState>(
    () => (sortable.has(filters.sort) ? [{ id: filters.sort, desc: filters.dir === "desc" }] : []),
    [filters.sort, filters.dir, sortable],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => String(row.id),
    state: { sorting },
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: true,
  });
  const selected = table.getSelectedRowModel().rows.map((row) => row.original);

  return (
    <div className="space-y-4">
      <BulkActions
        weddingId={weddingId}
        events={events}
        selected={selected}
        onClear={() => table.resetRowSelection(true)}
      />
      <Table label="Guests">
        <TableCaption className="sr-only">
          Guests, {formatCount(rows.length)} shown, with their RSVP for each event
        </TableCaption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                if (!column.getCanSort()) {
                  return (
                    <TableHead key={header.id} className={column.id === "select" ? "w-10" : undefined}>
                      <table.FlexRender header={header} />
                    </TableHead>
                  );
                }
                const current = column.getIsSorted();
                const next = current === "asc" ? "desc" : "asc";
                return (
                  <TableHead key={header.id} aria-sort={ariaSort(current)} className="align-top">
                    <SortHeaderLink
                      href={guestListHref(weddingId, filters, { sort: column.id, dir: next })}
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
    </div>
  );
}
