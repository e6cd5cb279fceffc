import { Alert } from "@/components/ui/alert";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { formatMoney, formatPercent, subtractAmounts } from "./format";

// Shown only when approved spend exceeds the budget: by how much, and every
// approved expense behind it, largest first, so the planner can review them.

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
      <ul aria-labelledby="over-budget-expenses" className="divide-y divide-red-200 dark:divide-red-900">
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
    </Alert>
  );
}
