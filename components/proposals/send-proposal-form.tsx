"use client";

import { useId, useRef, useState } from "react";
import { FormOutcome, TextField, useFormAction } from "@/components/budget/form-parts";
import { formatAmount } from "@/components/budget/money";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import { moneyProblem } from "@/lib/budget/schema";
import { sendProposalAction } from "@/lib/proposals/actions";
import type { VendorOption } from "@/lib/proposals/queries";
import {
  formatCents,
  MAX_LINE_DESCRIPTION,
  MAX_LINES,
  MAX_PROPOSAL_MESSAGE,
  quantityProblem,
  toCents,
} from "@/lib/proposals/schema";

// "Send a proposal": a vendor, a validity day, an optional message and a list
// of lines the planner can grow and shrink. Inputs are named lines.0.quantity
// and so on, so each server error lands next to its own field. The total shown
// while typing is a preview in whole cents; the database sums the lines itself.

const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

function previewTotal(form: HTMLFormElement): string | null {
  const data = new FormData(form);
  let total = 0n;
  for (let i = 0; data.has(`lines.${i}.quantity`); i++) {
    const quantity = String(data.get(`lines.${i}.quantity`) ?? "").trim();
    const price = String(data.get(`lines.${i}.unitPrice`) ?? "").trim();
    if (quantityProblem(quantity) || moneyProblem(price)) return null;
    total += BigInt(quantity) * toCents(price.replace(/^0+(?=\d)/, ""));
  }
  return formatCents(total);
}

export function SendProposalForm({
  weddingId,
  currency,
  vendors,
  today,
}: {
  weddingId: number;
  currency: string;
  vendors: VendorOption[];
  /** The database's today: the earliest validity day. */
  today: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const nextKey = useRef(1);
  const [rows, setRows] = useState<number[]>([0]);
  const [total, setTotal] = useState<string | null>(null);
  const id = useId();
  const { state, pending, onSubmit, errors } = useFormAction(sendProposalAction, () => {
    formRef.current?.reset();
    setRows([nextKey.current++]);
    setTotal(null);
  });

  function addRow() {
    setRows((current) => [...current, nextKey.current++]);
  }
  function removeRow(key: number) {
    setRows((current) => current.filter((k) => k !== key));
    // The preview is recomputed once the row is gone from the form.
    requestAnimationFrame(() => formRef.current && setTotal(previewTotal(formRef.current)));
  }

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      onInput={(event) => setTotal(previewTotal(event.currentTarget))}
      aria-label="Send a proposal"
      className="space-y-4"
      noValidate
    >
      <input type="hidden" name="weddingId" value={weddingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-vendor`}>Vendor</Label>
          <Select
            id={`${id}-vendor`}
            name="vendorId"
            defaultValue=""
            className="mt-1"
            aria-invalid={errors.vendorId?.length ? true : undefined}
            aria-describedby={errors.vendorId?.length ? `${id}-vendor-error` : undefined}
          >
            <option value="">Choose an active vendor…</option>
            {vendors.map((vendor) => (
              <option key={vendor.id} value={vendor.id}>
                {vendor.name} ({vendor.serviceCategory})
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-vendor-error`} errors={errors.vendorId} />
        </div>
        <TextField
          id={`${id}-valid-until`}
          name="validUntil"
          label="Valid until"
          type="date"
          min={today}
          errors={errors.validUntil}
          hint="The last day the vendor may accept."
        />
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-ink">Lines</legend>
        {rows.map((key, index) => {
          const field = (name: string) => errors[`lines.${index}.${name}`];
          return (
            <fieldset key={key} className="rounded-md border border-line p-3" aria-label={`Line ${index + 1}`}>
              <div className="grid gap-3 sm:grid-cols-[1fr_7rem_9rem_auto] sm:items-start">
                <TextField
                  id={`${id}-line-${key}-description`}
                  name={`lines.${index}.description`}
                  label="Description"
                  maxLength={MAX_LINE_DESCRIPTION}
                  errors={field("description")}
                  autoComplete="off"
                />
                <TextField
                  id={`${id}-line-${key}-quantity`}
                  name={`lines.${index}.quantity`}
                  label="Quantity"
                  inputMode="numeric"
                  defaultValue="1"
                  errors={field("quantity")}
                  autoComplete="off"
                />
                <TextField
                  id={`${id}-line-${key}-price`}
                  name={`lines.${index}.unitPrice`}
                  label={`Unit price (${currency})`}
                  inputMode="decimal"
                  errors={field("unitPrice")}
                  autoComplete="off"
                />
                <Button
                  variant="ghost"
                  className="sm:mt-6"
                  onClick={() => removeRow(key)}
                  disabled={rows.length === 1}
                  aria-label={`Remove line ${index + 1}`}
                >
                  Remove
                </Button>
              </div>
            </fieldset>
          );
        })}
        <FieldError id={`${id}-lines-error`} errors={errors.lines} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Button variant="secondary" onClick={addRow} disabled={rows.length >= MAX_LINES}>
            Add a line
          </Button>
          <p className="text-sm text-ink" aria-live="polite">
            Total:{" "}
            <span className="font-semibold tabular-nums">{total === null ? "—" : formatAmount(total, currency)}</span>
          </p>
        </div>
      </fieldset>

      <div>
        <Label htmlFor={`${id}-message`}>Message to the vendor (optional)</Label>
        <textarea
          id={`${id}-message`}
          name="message"
          rows={3}
          maxLength={MAX_PROPOSAL_MESSAGE}
          className={textareaClasses}
          aria-invalid={errors.message?.length ? true : undefined}
          aria-describedby={errors.message?.length ? `${id}-message-error` : undefined}
        />
        <FieldError id={`${id}-message-error`} errors={errors.message} />
      </div>

      <Button type="submit" disabled={pending || vendors.length === 0}>
        {pending ? "Sending…" : "Send proposal"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}
