import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CreateBudgetLineForm } from "@/components/budget/budget-line-forms";
import { CategoryTable, ExpenseStatusFilter, ExpenseTable } from "@/components/budget/budget-tables";
import { CreateExpenseForm } from "@/components/budget/expense-forms";
import { formatAmount, formatUsed } from "@/components/budget/money";
import { AddressNotes } from "@/components/ui/address-notes";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { requireIdentity } from "@/lib/auth/guards";
import { budgetFigures, fromCents, toCents } from "@/lib/budget/figures";
import { getBudgetPage } from "@/lib/budget/queries";
import { parseBudgetSearchParams } from "@/lib/budget/schema";
import type { RawSearchParams } from "@/lib/url/search-params";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";
import { getWeddingOverview } from "@/lib/weddings/overview";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Budget" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

export default async function BudgetPage({ params, searchParams }: Props) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/budget`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const { filters, notes } = parseBudgetSearchParams(await searchParams);
  const today = new Date().toISOString().slice(0, 10);
  const [page, overview] = await Promise.all([
    getBudgetPage(identity, weddingId, filters),
    getWeddingOverview(identity, weddingId, today),
  ]);
  if (!page || !overview) notFound();

  const { currency } = page.wedding;
  const figures = budgetFigures(page.lines, overview.budget);
  const totals = overview.totals;
  const remaining = fromCents(toCents(totals.budget) - toCents(totals.spent));
  const choices = {
    categories: page.lines.map((line) => line.category),
    events: page.events,
    vendors: page.vendors,
  };

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Budget</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {page.wedding.name} · amounts in {currency} · only approved expenses count as spent
        </p>
      </div>

      <AddressNotes notes={notes} />

      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Budget totals">
        {[
          ["Total budget", formatAmount(totals.budget, currency)],
          ["Approved spend", formatAmount(totals.spent, currency)],
          ["Remaining", formatAmount(remaining, currency)],
          ["Budget used", formatUsed(totals.spendPercentage)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-line bg-surface p-4">
            <dt className="text-sm text-ink-muted">{label}</dt>
            <dd className="mt-1 text-xl font-semibold text-ink tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {totals.overBudget ? (
        <Alert tone="danger">
          Approved spend is over the total budget by {formatAmount(fromCents(-toCents(remaining)), currency)}.
        </Alert>
      ) : null}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-ink">Budget per category</h2>
        <CategoryTable weddingId={weddingId} currency={currency} figures={figures} lines={page.lines} />
      </section>

      <Card>
        <CardTitle>Add a budget line</CardTitle>
        <CardDescription>A category may have one line; change its amount with Edit in the table.</CardDescription>
        <div className="mt-4">
          <CreateBudgetLineForm weddingId={weddingId} currency={currency} />
        </div>
      </Card>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-ink">Expenses</h2>
        <p className="text-sm text-ink-muted">
          New expenses wait as Pending. Approve one to count it as spent; reject it to leave it out. Approved expenses
          are locked until you move them back to Pending.
        </p>
        <ExpenseStatusFilter weddingId={weddingId} filters={filters} counts={page.statusCounts} />
        <ExpenseTable
          weddingId={weddingId}
          currency={currency}
          expenses={page.expenses}
          choices={choices}
          filtered={filters.status !== undefined}
        />
      </section>

      <Card>
        <CardTitle>Add an expense</CardTitle>
        <CardDescription>For one event or for the wedding as a whole.</CardDescription>
        <div className="mt-4">
          <CreateExpenseForm weddingId={weddingId} choices={choices} currency={currency} />
        </div>
      </Card>
    </div>
  );
}
