"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import {
  createExpenseAction,
  deleteExpenseAction,
  setExpenseStatusAction,
  updateExpenseAction,
} from "@/lib/budget/actions";
import type { EventOption, ExpenseRow, VendorOption } from "@/lib/budget/queries";
import { MAX_CATEGORY, MAX_DESCRIPTION, type TExpenseStatus } from "@/lib/budget/schema";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "./form-parts";

export type ExpenseChoices = {
  categories: string[];
  events: EventOption[];
  vendors: VendorOption[];
};

function SelectField({
  id,
  name,
  label,
  errors,
  defaultValue,
  children,
}: {
  id: string;
  name: string;
  label: string;
  errors?: string[];
  defaultValue: string;
  children: ReactNode;
}) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className="mt-1"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      >
        {children}
      </Select>
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** The fields of an expense, for adding one or editing one. */
function ExpenseFields({
  idPrefix,
  choices,
  expense,
  errors,
  currency,
}: {
  idPrefix: string;
  choices: ExpenseChoices;
  expense?: ExpenseRow;
  errors: Record<string, string[]>;
  currency: string;
}) {
  const listId = `${idPrefix}-categories`;
  // A vendor that is no longer active stays selectable on the expense that names it.
  const vendors = choices.vendors.filter((v) => v.active || v.id === expense?.vendorId);
  return (
    <>
      <TextField
        id={`${idPrefix}-description`}
        name="description"
        label="Description"
        defaultValue={expense?.description}
        errors={errors.description}
        maxLength={MAX_DESCRIPTION}
        required
        autoComplete="off"
      />
      <TextField
        id={`${idPrefix}-category`}
        name="category"
        label="Category"
        defaultValue={expense?.category}
        errors={errors.category}
        maxLength={MAX_CATEGORY}
        list={listId}
        required
        autoComplete="off"
        hint="Use a budget line's category so the expense counts against it."
      />
      <datalist id={listId}>
        {choices.categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <TextField
        id={`${idPrefix}-cost`}
        name="actualCost"
        label={`Cost (${currency})`}
        defaultValue={expense?.actualCost}
        errors={errors.actualCost}
        inputMode="decimal"
        required
        autoComplete="off"
      />
      <TextField
        id={`${idPrefix}-date`}
        name="incurredOn"
        label="Date (optional)"
        type="date"
        defaultValue={expense?.incurredOn ?? ""}
        errors={errors.incurredOn}
      />
      <SelectField
        id={`${idPrefix}-event`}
        name="eventId"
        label="Event (optional)"
        defaultValue={expense?.eventId ? String(expense.eventId) : ""}
        errors={errors.eventId}
      >
        <option value="">The whole wedding</option>
        {choices.events.map((event) => (
          <option key={event.id} value={event.id}>
            {event.name} · {event.date}
            {event.cancelled ? " (cancelled)" : ""}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${idPrefix}-vendor`}
        name="vendorId"
        label="Vendor (optional)"
        defaultValue={expense?.vendorId ? String(expense.vendorId) : ""}
        errors={errors.vendorId}
      >
        <option value="">No vendor</option>
        {vendors.map((vendor) => (
          <option key={vendor.id} value={vendor.id}>
            {vendor.name} · {vendor.serviceCategory}
          </option>
        ))}
      </SelectField>
    </>
  );
}

export function CreateExpenseForm({
  weddingId,
  choices,
  currency,
}: {
  weddingId: number;
  choices: ExpenseChoices;
  currency: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errors } = useFormAction(createExpenseAction, () => formRef.current?.reset());
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add an expense" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <ExpenseFields idPrefix="new-expense" choices={choices} errors={errors} currency={currency} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add expense"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

function EditExpenseForm({
  weddingId,
  expense,
  choices,
  currency,
}: {
  weddingId: number;
  expense: ExpenseRow;
  choices: ExpenseChoices;
  currency: string;
}) {
  const { state, pending, onSubmit, errors } = useFormAction(updateExpenseAction);
  const id = useId();
  return (
    <form onSubmit={onSubmit} aria-label={`Edit the expense ${expense.description}`} className="space-y-3" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="expenseId" value={expense.id} />
      <input type="hidden" name="version" value={expense.version} />
      <ExpenseFields idPrefix={id} choices={choices} expense={expense} errors={errors} currency={currency} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Save"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

const MOVES: Record<TExpenseStatus, { to: TExpenseStatus; label: string }[]> = {
  Pending: [
    { to: "Approved", label: "Approve" },
    { to: "Rejected", label: "Reject" },
  ],
  Approved: [{ to: "Pending", label: "Back to pending" }],
  Rejected: [{ to: "Pending", label: "Back to pending" }],
};

/** Approve, reject or reopen one expense; edit and delete it while it is not approved. */
export function ExpenseActions({
  weddingId,
  expense,
  choices,
  currency,
}: {
  weddingId: number;
  expense: ExpenseRow;
  choices: ExpenseChoices;
  currency: string;
}) {
  const fields = { weddingId, expenseId: expense.id, version: expense.version };
  return (
    <div className="flex flex-wrap items-start gap-2">
      {MOVES[expense.status].map((move) => (
        <QuickActionForm
          key={move.to}
          action={setExpenseStatusAction}
          label={`${move.label}: ${expense.description}`}
          fields={{ ...fields, status: move.to }}
        >
          <Button type="submit" variant={move.to === "Approved" ? "primary" : "secondary"} className="min-h-9 px-3">
            {move.label}
            <span className="sr-only"> {expense.description}</span>
          </Button>
        </QuickActionForm>
      ))}
      {expense.status === "Approved" ? null : (
        <details className="group">
          <summary
            className={cx(
              "inline-flex min-h-9 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-surface-muted dark:text-brand-200",
              focusRing,
            )}
          >
            Edit<span className="sr-only"> the expense {expense.description}</span>
          </summary>
          <div className="mt-2 w-80 space-y-4 rounded-md border border-line bg-surface p-3 text-left">
            <EditExpenseForm weddingId={weddingId} expense={expense} choices={choices} currency={currency} />
            <QuickActionForm
              action={deleteExpenseAction}
              label={`Delete the expense ${expense.description}`}
              fields={fields}
              confirm={`Delete the expense “${expense.description}”?`}
            >
              <Button type="submit" variant="secondary" className="w-full">
                Delete expense
              </Button>
            </QuickActionForm>
          </div>
        </details>
      )}
    </div>
  );
}
