"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import { recordPaymentAction, refundPaymentAction, setPaymentStatusAction } from "@/lib/payments/actions";
import {
  MAX_METHOD,
  MAX_OVERPAYMENT_REASON,
  RECORDABLE_STATUSES,
  type TInstallmentKind,
  INSTALLMENT_KIND_LABELS,
} from "@/lib/payments/schema";

// Recording a payment, settling a pending one, and refunding one. Taking a
// booking past its total needs the override box ticked and a reason, which
// is stored with the payment and shows in the audit trail.

const checkbox = "size-4 rounded border-line accent-brand-600";
const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

export type InstallmentChoice = { id: number; kind: TInstallmentKind; dueDate: string; outstanding: string };

function OverrideFields({ idPrefix, errors }: { idPrefix: string; errors: Record<string, string[]> }) {
  const [allowed, setAllowed] = useState(false);
  return (
    <div className="space-y-2">
      <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
        <input
          type="checkbox"
          name="allowOverpayment"
          value="1"
          checked={allowed}
          onChange={(event) => setAllowed(event.target.checked)}
          className={checkbox}
        />
        Allow overpayment
      </label>
      {allowed ? (
        <div>
          <Label htmlFor={`${idPrefix}-reason`}>Reason for paying more than the total</Label>
          <textarea
            id={`${idPrefix}-reason`}
            name="overpaymentReason"
            rows={2}
            maxLength={MAX_OVERPAYMENT_REASON}
            className={textareaClasses}
            aria-invalid={errors.overpaymentReason?.length ? true : undefined}
            aria-describedby={errors.overpaymentReason?.length ? `${idPrefix}-reason-error` : undefined}
          />
          <FieldError id={`${idPrefix}-reason-error`} errors={errors.overpaymentReason} />
        </div>
      ) : (
        <FieldError id={`${idPrefix}-reason-error`} errors={errors.overpaymentReason} />
      )}
    </div>
  );
}

function Disclosure({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  return (
    <details className="group">
      <summary
        className={cx(
          "inline-flex min-h-10 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-surface-muted dark:text-brand-200",
          focusRing,
        )}
      >
        {summary}
      </summary>
      <div className="mt-2 w-72 max-w-[80vw] space-y-3 rounded-md border border-line bg-surface p-3 text-left">
        {children}
      </div>
    </details>
  );
}

export function RecordPaymentForm({
  weddingId,
  bookingId,
  currency,
  today,
  installments,
}: {
  weddingId: number;
  bookingId: number;
  currency: string;
  today: string;
  installments: InstallmentChoice[];
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errors } = useFormAction(recordPaymentAction, () => formRef.current?.reset());
  const id = useId();
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Record a payment" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={`${id}-amount`}
          name="amount"
          label={`Amount (${currency})`}
          errors={errors.amount}
          inputMode="decimal"
          autoComplete="off"
          required
          hint="A part of the total is fine: partial payments add up."
        />
        <div>
          <Label htmlFor={`${id}-status`}>Status</Label>
          <Select id={`${id}-status`} name="status" defaultValue="Completed" className="mt-1">
            {RECORDABLE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </Select>
          <FieldError id={`${id}-status-error`} errors={errors.status} />
        </div>
        <TextField
          id={`${id}-date`}
          name="paymentDate"
          type="date"
          label="Date"
          defaultValue={today}
          errors={errors.paymentDate}
          required
          hint="When the money moved, or for a pending payment when it is expected."
        />
        <TextField
          id={`${id}-method`}
          name="method"
          label="Method (optional)"
          errors={errors.method}
          maxLength={MAX_METHOD}
          autoComplete="off"
          hint="E.g. Bank transfer, Card."
        />
        {installments.length > 0 ? (
          <div className="sm:col-span-2">
            <Label htmlFor={`${id}-installment`}>Towards installment (optional)</Label>
            <Select
              id={`${id}-installment`}
              name="installmentId"
              defaultValue=""
              className="mt-1"
              aria-invalid={errors.installmentId?.length ? true : undefined}
              aria-describedby={errors.installmentId?.length ? `${id}-installment-error` : undefined}
            >
              <option value="">None: pay the oldest due first</option>
              {installments.map((i) => (
                <option key={i.id} value={i.id}>
                  {INSTALLMENT_KIND_LABELS[i.kind]} due {i.dueDate} ({i.outstanding} {currency} open)
                </option>
              ))}
            </Select>
            <FieldError id={`${id}-installment-error`} errors={errors.installmentId} />
          </div>
        ) : null}
      </div>
      <OverrideFields idPrefix={id} errors={errors} />
      <Button type="submit" disabled={pending}>
        {pending ? "Recording…" : "Record payment"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

/** Completing (with the override if need be) or failing a pending payment. */
export function SettlePaymentForms({
  weddingId,
  paymentId,
  version,
  label,
}: {
  weddingId: number;
  paymentId: number;
  version: string;
  label: string;
}) {
  const { state, pending, onSubmit, errors } = useFormAction(setPaymentStatusAction);
  const id = useId();
  return (
    <div className="flex flex-wrap items-start gap-1">
      <Disclosure
        summary={
          <>
            Completed…<span className="sr-only"> {label}</span>
          </>
        }
      >
        <form onSubmit={onSubmit} aria-label={`Mark ${label} as completed`} className="space-y-3" noValidate>
          <input type="hidden" name="weddingId" value={weddingId} />
          <input type="hidden" name="paymentId" value={paymentId} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="status" value="Completed" />
          <OverrideFields idPrefix={id} errors={errors} />
          <FieldError id={`${id}-amount-error`} errors={errors.amount} />
          <Button type="submit" disabled={pending} className="w-full">
            {pending ? "Saving…" : "Mark completed"}
          </Button>
          <FormOutcome state={state} />
        </form>
      </Disclosure>
      <QuickActionForm
        action={setPaymentStatusAction}
        label={`Mark ${label} as failed`}
        fields={{ weddingId, paymentId, version, status: "Failed" }}
      >
        <Button type="submit" variant="ghost" className="min-h-10 px-3 text-sm">
          Failed<span className="sr-only"> {label}</span>
        </Button>
      </QuickActionForm>
    </div>
  );
}

export function RefundPaymentForm({
  weddingId,
  paymentId,
  currency,
  refundable,
  today,
  label,
}: {
  weddingId: number;
  paymentId: number;
  currency: string;
  refundable: string;
  today: string;
  label: string;
}) {
  const { state, pending, onSubmit, errors } = useFormAction(refundPaymentAction);
  const id = useId();
  return (
    <Disclosure
      summary={
        <>
          Refund…<span className="sr-only"> {label}</span>
        </>
      }
    >
      <form onSubmit={onSubmit} aria-label={`Refund ${label}`} className="space-y-3" noValidate>
        <input type="hidden" name="weddingId" value={weddingId} />
        <input type="hidden" name="paymentId" value={paymentId} />
        <TextField
          id={`${id}-amount`}
          name="amount"
          label={`Refund (${currency})`}
          defaultValue={refundable}
          errors={errors.amount}
          inputMode="decimal"
          autoComplete="off"
          required
          hint={`Up to ${refundable} ${currency}.`}
        />
        <TextField
          id={`${id}-date`}
          name="refundDate"
          type="date"
          label="Refunded on"
          defaultValue={today}
          errors={errors.refundDate}
          required
        />
        <TextField
          id={`${id}-method`}
          name="method"
          label="Method (optional)"
          errors={errors.method}
          maxLength={MAX_METHOD}
          autoComplete="off"
        />
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Refunding…" : "Refund"}
        </Button>
        <FormOutcome state={state} />
      </form>
    </Disclosure>
  );
}
