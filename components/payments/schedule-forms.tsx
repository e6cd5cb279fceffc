"use client";

import { useId, useRef, useState } from "react";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Select } from "@/components/ui/input";
import { createInstallmentAction, deleteInstallmentAction } from "@/lib/payments/actions";
import {
  INSTALLMENT_KIND_LABELS,
  INSTALLMENT_KINDS,
  MAX_DAYS_BEFORE_EVENT,
  type TDueRule,
  type TInstallmentKind,
} from "@/lib/payments/schema";

// Adding an installment to a booking's schedule, and removing one. The due
// date is either a day or a number of days before the event; only the field
// of the chosen rule shows.

const radio = "size-4 border-line accent-brand-600";

export function AddInstallmentForm({
  weddingId,
  bookingId,
  currency,
  eventDate,
  hasDeposit,
}: {
  weddingId: number;
  bookingId: number;
  currency: string;
  eventDate: string;
  hasDeposit: boolean;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [rule, setRule] = useState<TDueRule>("fixed");
  const { state, pending, onSubmit, errors } = useFormAction(createInstallmentAction, () => formRef.current?.reset());
  const id = useId();
  const defaultKind: TInstallmentKind = hasDeposit ? "installment" : "deposit";
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add an installment" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-kind`}>Kind</Label>
          <Select
            id={`${id}-kind`}
            name="kind"
            defaultValue={defaultKind}
            className="mt-1"
            aria-invalid={errors.kind?.length ? true : undefined}
            aria-describedby={errors.kind?.length ? `${id}-kind-error` : undefined}
          >
            {INSTALLMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {INSTALLMENT_KIND_LABELS[kind]}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-kind-error`} errors={errors.kind} />
        </div>
        <TextField
          id={`${id}-amount`}
          name="amount"
          label={`Amount (${currency})`}
          errors={errors.amount}
          inputMode="decimal"
          autoComplete="off"
          required
          hint="Digits with up to 2 decimals. The schedule may not add up to more than the booking's total."
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-ink">Due</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
            <input
              type="radio"
              name="dueRule"
              value="fixed"
              checked={rule === "fixed"}
              onChange={() => setRule("fixed")}
              className={radio}
            />
            On a date
          </label>
          <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
            <input
              type="radio"
              name="dueRule"
              value="relative"
              checked={rule === "relative"}
              onChange={() => setRule("relative")}
              className={radio}
            />
            Days before the event
          </label>
        </div>
        <FieldError id={`${id}-rule-error`} errors={errors.dueRule} />
        {rule === "fixed" ? (
          <TextField
            id={`${id}-due-date`}
            name="dueDate"
            type="date"
            label="Due date"
            errors={errors.dueDate}
            required
          />
        ) : (
          <TextField
            id={`${id}-days`}
            name="daysBeforeEvent"
            label="Days before the event"
            errors={errors.daysBeforeEvent}
            inputMode="numeric"
            autoComplete="off"
            required
            hint={`The event is on ${eventDate}; if it moves, this due date moves with it. 0 to ${MAX_DAYS_BEFORE_EVENT}.`}
          />
        )}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add installment"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

export function DeleteInstallmentButton({
  weddingId,
  installmentId,
  label,
}: {
  weddingId: number;
  installmentId: number;
  label: string;
}) {
  return (
    <QuickActionForm
      action={deleteInstallmentAction}
      label={`Remove ${label}`}
      fields={{ weddingId, installmentId }}
      confirm={`Remove ${label}? Payments made towards it stay on the booking.`}
    >
      <Button type="submit" variant="ghost" className="min-h-10 px-2 text-sm">
        Remove<span className="sr-only"> {label}</span>
      </Button>
    </QuickActionForm>
  );
}
