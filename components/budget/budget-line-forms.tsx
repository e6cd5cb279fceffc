"use client";

import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label } from "@/components/ui/input";
import { createBudgetLineAction, deleteBudgetLineAction, updateBudgetLineAction } from "@/lib/budget/actions";
import type { BudgetLineRow } from "@/lib/budget/queries";
import { MAX_BUDGET_NOTES, MAX_CATEGORY } from "@/lib/budget/schema";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "./form-parts";

const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

function NotesField({ id, defaultValue, errors }: { id: string; defaultValue?: string; errors?: string[] }) {
  return (
    <div>
      <Label htmlFor={id}>Notes (optional)</Label>
      <textarea
        id={id}
        name="notes"
        rows={2}
        maxLength={MAX_BUDGET_NOTES}
        defaultValue={defaultValue}
        className={textareaClasses}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function CreateBudgetLineForm({ weddingId, currency }: { weddingId: number; currency: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errors } = useFormAction(createBudgetLineAction, () => formRef.current?.reset());
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add a budget line" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id="new-line-category"
          name="category"
          label="Category"
          errors={errors.category}
          maxLength={MAX_CATEGORY}
          required
          autoComplete="off"
          hint="One line per category, e.g. Venue, Catering, Flowers."
        />
        <TextField
          id="new-line-amount"
          name="amount"
          label={`Budget (${currency})`}
          errors={errors.amount}
          inputMode="decimal"
          required
          autoComplete="off"
          hint="Digits with up to 2 decimals, e.g. 12500 or 12500.50."
        />
      </div>
      <NotesField id="new-line-notes" errors={errors.notes} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add budget line"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

function EditBudgetLineForm({
  weddingId,
  line,
  currency,
}: {
  weddingId: number;
  line: BudgetLineRow;
  currency: string;
}) {
  const { state, pending, onSubmit, errors } = useFormAction(updateBudgetLineAction);
  const id = useId();
  return (
    <form onSubmit={onSubmit} aria-label={`Edit the budget line ${line.category}`} className="space-y-3" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="budgetId" value={line.id} />
      <input type="hidden" name="version" value={line.version} />
      <TextField
        id={`${id}-amount`}
        name="amount"
        label={`Budget (${currency})`}
        defaultValue={line.amount}
        errors={errors.amount}
        inputMode="decimal"
        required
        autoComplete="off"
      />
      <NotesField id={`${id}-notes`} defaultValue={line.notes ?? ""} errors={errors.notes} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Save"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

/** Edit and delete for one budget line, behind a disclosure. */
export function BudgetLineActions({
  weddingId,
  line,
  currency,
}: {
  weddingId: number;
  line: BudgetLineRow;
  currency: string;
}) {
  return (
    <details className="group">
      <summary
        className={cx(
          "inline-flex min-h-10 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-surface-muted dark:text-brand-200",
          focusRing,
        )}
      >
        Edit<span className="sr-only"> the budget line {line.category}</span>
      </summary>
      <div className="mt-2 w-72 space-y-4 rounded-md border border-line bg-surface p-3 text-left">
        <EditBudgetLineForm weddingId={weddingId} line={line} currency={currency} />
        <QuickActionForm
          action={deleteBudgetLineAction}
          label={`Delete the budget line ${line.category}`}
          fields={{ weddingId, budgetId: line.id, version: line.version }}
          confirm={`Delete the budget line “${line.category}”? Its expenses stay, without a budget.`}
        >
          <Button type="submit" variant="secondary" className="w-full">
            Delete budget line
          </Button>
        </QuickActionForm>
      </div>
    </details>
  );
}
