import { Alert } from "@/components/ui/alert";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { formatMoney, formatPercent, subtractAmounts } from "./format";

// Shown only when approved spend exceeds the budget: by how much, and every
// approved expense behind it, largest first, so the planner can review them.
// The largest few are listed; the rest open on demand, so a long list does not
// push the charts off the screen.

const FIRST_SHOWN = 5;

type Props = {
  totals: WeddingOverview["totals"];
  expenses: WeddingOverview["overBudgetExpenses"];
  currency: string;
};

export function OverBudgetReview({ totals, expenses, currency }: Props) {
  const percent = formatPercent(totals.spendPercentage);
  return (
    <Alert tone="danger" role="alert" className="space-y-3">
      <p className="font-semibold">
        Over budget by {formatMoney(subtractAmounts(totals.spent, totals.budget), currency)}:{" "}
        {formatMoney(totals.spent, currency)} approved of a {formatMoney(totals.budget, currency)} budget
        {percent ? ` (${percent})` : ""}.
      </p>
      <h2 id="over-budget-expenses" className="font-medium">
        Approved expenses to review, largest first
      </h2>
      <ExpenseList labelledBy="over-budget-expenses" expenses={expenses.slice(0, FIRST_SHOWN)} currency={currency} />
      {expenses.length > FIRST_SHOWN ? (
        <details className="group">
          <summary className="cursor-pointer rounded-sm text-sm font-medium underline">
            Show {expenses.length - FIRST_SHOWN} more
          </summary>
          <ExpenseList label="More approved expenses" expenses={expenses.slice(FIRST_SHOWN)} currency={currency} />
        </details>
      ) : null}
    </Alert>
  );
}

type ExpenseListProps = {
  expenses: WeddingOverview["overBudgetExpenses"];
  currency: string;
  labelledBy?: string;
  label?: string;
};

function ExpenseList({ expenses, currency, labelledBy, label }: ExpenseListProps) {
  return (
    <ul aria-labelledby={labelledBy} aria-label={label} className="divide-y divide-red-200 dark:divide-red-900">
      {expenses.map((expense) => (
        <li key={expense.expenseId} className="flex items-start justify-between gap-3 py-1.5">
          <span className="min-w-0">
            <span className="block">{expense.description}</span>
            <span className="block text-xs opacity-80">
              {expense.category} · {expense.eventName ?? "Whole wedding"}
            </span>
          </span>
          <span className="whitespace-nowrap tabular-nums">{formatMoney(expense.actualCost, currency)}</span>
        </li>
      ))}
    </ul>
  );
}
