import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CategoryFigure } from "@/lib/budget/figures";
import type { BudgetLineRow, ExpenseRow } from "@/lib/budget/queries";
import { budgetPageHref, EXPENSE_STATUSES, type TExpenseFilters, type TExpenseStatus } from "@/lib/budget/schema";
import { formatDate } from "@/lib/format/date";
import { BudgetLineActions } from "./budget-line-forms";
import { ExpenseActions, type ExpenseChoices } from "./expense-forms";
import { formatAmount, formatUsed } from "./money";

// The budget page's two tables: budget against approved spend per category,
// and the expenses with their approval workflow. Cells holding screen-reader
// text are `relative`: an absolutely placed sr-only span would otherwise
// escape the table's sideways scroll and widen the whole page on a phone.

export function CategoryTable({
  weddingId,
  currency,
  figures,
  lines,
}: {
  weddingId: number;
  currency: string;
  figures: CategoryFigure[];
  lines: BudgetLineRow[];
}) {
  if (figures.length === 0) {
    return (
      <EmptyState
        title="No budget lines yet"
        description="Add a line per category below (Venue, Catering, Flowers…); approved expenses then count against it."
      />
    );
  }
  const lineById = new Map(lines.map((line) => [line.id, line]));
  return (
    <Table label="Budget per category">
      <TableCaption className="sr-only">Budget against approved spend, per category</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Category</TableHead>
          <TableHead className="text-right">Budget</TableHead>
          <TableHead className="text-right">Approved spend</TableHead>
          <TableHead className="text-right">Remaining</TableHead>
          <TableHead className="text-right">Used</TableHead>
          <TableHead className="relative">
            <span className="sr-only">Actions</span>
          </TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {figures.map((figure) => {
          const line = figure.lineId === null ? undefined : lineById.get(figure.lineId);
          return (
            <TableRow
              key={figure.category}
              className={figure.overBudget ? "bg-red-50/60 dark:bg-red-950/30" : undefined}
            >
              <TableHead scope="row" className="font-medium whitespace-normal text-ink">
                <span className="break-words">{figure.category}</span>
                {figure.overBudget ? (
                  <Badge tone="danger" className="ml-2">
                    Over budget
                  </Badge>
                ) : null}
                {line === undefined ? (
                  <Badge tone="warning" className="ml-2">
                    No budget line
                  </Badge>
                ) : null}
                {line?.notes ? <p className="mt-1 text-xs font-normal text-ink-muted">{line.notes}</p> : null}
              </TableHead>
              <TableCell className="text-right tabular-nums">{formatAmount(figure.budget, currency)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatAmount(figure.spent, currency)}</TableCell>
              <TableCell
                className={cx(
                  "text-right tabular-nums",
                  figure.overBudget && "font-semibold text-red-700 dark:text-red-300",
                )}
              >
                {formatAmount(figure.remaining, currency)}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatUsed(figure.usedPercentage)}</TableCell>
              <TableCell className="relative text-right">
                {line ? <BudgetLineActions weddingId={weddingId} line={line} currency={currency} /> : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

const STATUS_TONES: Record<TExpenseStatus, BadgeTone> = {
  Pending: "warning",
  Approved: "success",
  Rejected: "neutral",
};

export function ExpenseStatusFilter({
  weddingId,
  filters,
  counts,
}: {
  weddingId: number;
  filters: TExpenseFilters;
  counts: Record<TExpenseStatus, number>;
}) {
  const total = counts.Pending + counts.Approved + counts.Rejected;
  const options: { status?: TExpenseStatus; label: string; count: number }[] = [
    { label: "All", count: total },
    ...EXPENSE_STATUSES.map((status) => ({ status, label: status, count: counts[status] })),
  ];
  return (
    <nav aria-label="Filter expenses by status">
      <ul className="flex flex-wrap gap-2">
        {options.map((option) => {
          const current = filters.status === option.status;
          return (
            <li key={option.label}>
              <Link
                href={budgetPageHref(weddingId, { status: option.status })}
                aria-current={current ? "page" : undefined}
                scroll={false}
                className={cx(
                  "inline-flex min-h-9 items-center rounded-full border px-3 text-sm",
                  focusRing,
                  current
                    ? "border-brand-600 bg-brand-50 text-brand-800 dark:bg-brand-900/40 dark:text-brand-100"
                    : "border-line text-ink-muted hover:text-ink",
                )}
              >
                {option.label} ({option.count})
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function ExpenseTable({
  weddingId,
  currency,
  expenses,
  choices,
  filtered,
}: {
  weddingId: number;
  currency: string;
  expenses: ExpenseRow[];
  choices: ExpenseChoices;
  filtered: boolean;
}) {
  if (expenses.length === 0) {
    return (
      <EmptyState
        title={filtered ? "No expenses with this status" : "No expenses yet"}
        description={
          filtered
            ? "Choose another status above, or show all expenses."
            : "Add an expense below. It waits as Pending until you approve it; only approved expenses count as spent."
        }
      />
    );
  }
  return (
    <Table label="Expenses">
      <TableCaption className="sr-only">Expenses, newest first</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Expense</TableHead>
          <TableHead>For</TableHead>
          <TableHead>Date</TableHead>
          <TableHead className="text-right">Cost</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="relative">
            <span className="sr-only">Actions</span>
          </TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {expenses.map((expense) => (
          <TableRow key={expense.id}>
            <TableHead scope="row" className="max-w-xs font-medium whitespace-normal text-ink">
              <span className="break-words">{expense.description}</span>
              <p className="text-xs font-normal text-ink-muted">{expense.category}</p>
            </TableHead>
            <TableCell className="text-sm">
              <p>{expense.eventName ?? "Whole wedding"}</p>
              {expense.vendorName ? <p className="text-xs text-ink-muted">{expense.vendorName}</p> : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              {expense.incurredOn ? <time dateTime={expense.incurredOn}>{formatDate(expense.incurredOn)}</time> : "—"}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatAmount(expense.actualCost, currency)}</TableCell>
            <TableCell>
              <Badge tone={STATUS_TONES[expense.status]}>{expense.status}</Badge>
            </TableCell>
            <TableCell className="relative">
              <ExpenseActions weddingId={weddingId} expense={expense} choices={choices} currency={currency} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
