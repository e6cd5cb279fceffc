import { formatAmount } from "@/components/budget/money";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fromCents, toCents } from "@/lib/budget/figures";
import { formatDate } from "@/lib/format/date";
import type { BookingPayments, InstallmentRow, PaymentRow } from "@/lib/payments/queries";
import { INSTALLMENT_KIND_LABELS } from "@/lib/payments/schema";
import { RecordPaymentForm, RefundPaymentForm, SettlePaymentForms } from "./payment-forms";
import { AddInstallmentForm, DeleteInstallmentButton } from "./schedule-forms";

// One booking on the wedding's payments page: its figures, its schedule with
// what each installment has been paid, its payments and refunds, and the
// forms to add to them. Overdue installments say so in words.

type Props = { weddingId: number; currency: string; today: string; booking: BookingPayments };

function Figures({ booking, currency }: { booking: BookingPayments; currency: string }) {
  const over = toCents(booking.balance) < 0n;
  const unscheduled = toCents(booking.total) - toCents(booking.scheduled);
  const items: [string, string, string?][] = [
    ["Total", formatAmount(booking.total, currency)],
    ["Paid", formatAmount(booking.paid, currency)],
    [
      over ? "Overpaid by" : "Remaining",
      formatAmount(over ? fromCents(-toCents(booking.balance)) : booking.balance, currency),
      over ? "text-red-700 dark:text-red-300" : undefined,
    ],
    [
      "Scheduled",
      formatAmount(booking.scheduled, currency),
      unscheduled < 0n ? "text-red-700 dark:text-red-300" : undefined,
    ],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={`Figures of ${booking.supplier}`}>
      {items.map(([label, value, tone]) => (
        <div key={label} className="rounded-md border border-line p-3">
          <dt className="text-xs text-ink-muted">{label}</dt>
          <dd className={cx("mt-1 text-base font-semibold text-ink tabular-nums", tone)}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function dueText(installment: InstallmentRow): string {
  if (installment.dueRule === "relative")
    return `${installment.daysBeforeEvent} days before the event (${formatDate(installment.dueDate)})`;
  return formatDate(installment.dueDate);
}

function InstallmentStatus({ installment }: { installment: InstallmentRow }) {
  if (installment.outstanding === "0.00") return <Badge tone="success">Paid</Badge>;
  if (installment.overdue) return <Badge tone="danger">Overdue</Badge>;
  if (installment.covered !== "0.00") return <Badge tone="warning">Part paid</Badge>;
  return <Badge>Open</Badge>;
}

function ScheduleTable({
  weddingId,
  currency,
  booking,
}: {
  weddingId: number;
  currency: string;
  booking: BookingPayments;
}) {
  if (booking.installments.length === 0)
    return <p className="text-sm text-ink-muted">No schedule yet. Add the deposit and installments below.</p>;
  return (
    <Table label={`Payment schedule of ${booking.supplier}`}>
      <TableCaption className="sr-only">Installments of {booking.supplier}, in due order</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Installment</TableHead>
          <TableHead>Due</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead className="text-right">Paid</TableHead>
          <TableHead className="text-right">Open</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="relative">
            <span className="sr-only">Actions</span>
          </TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {booking.installments.map((installment) => {
          const label = `the ${INSTALLMENT_KIND_LABELS[installment.kind].toLowerCase()} due ${installment.dueDate}`;
          return (
            <TableRow
              key={installment.id}
              className={installment.overdue ? "bg-red-50/60 dark:bg-red-950/30" : undefined}
              data-overdue={installment.overdue ? "true" : undefined}
            >
              <TableHead scope="row" className="font-medium text-ink">
                {INSTALLMENT_KIND_LABELS[installment.kind]}
              </TableHead>
              <TableCell className="whitespace-normal">{dueText(installment)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatAmount(installment.amount, currency)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatAmount(installment.covered, currency)}</TableCell>
              <TableCell
                className={cx(
                  "text-right tabular-nums",
                  installment.overdue && "font-semibold text-red-700 dark:text-red-300",
                )}
              >
                {formatAmount(installment.outstanding, currency)}
              </TableCell>
              <TableCell>
                <InstallmentStatus installment={installment} />
              </TableCell>
              <TableCell className="relative text-right">
                <DeleteInstallmentButton weddingId={weddingId} installmentId={installment.id} label={label} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function paymentLabel(payment: PaymentRow): string {
  return `the ${payment.refundOf === null ? "payment" : "refund"} of ${payment.amount} on ${payment.date}`;
}

function PaymentStatus({ payment }: { payment: PaymentRow }) {
  if (payment.refundOf !== null) return <Badge tone="warning">Refund</Badge>;
  if (payment.status === "Completed")
    return payment.refunded === "0.00" ? (
      <Badge tone="success">Completed</Badge>
    ) : (
      <Badge tone="warning">{payment.refunded === payment.amount ? "Refunded in full" : `Part refunded`}</Badge>
    );
  if (payment.status === "Refunded") return <Badge>Refunded in full</Badge>;
  return <Badge tone={payment.status === "Failed" ? "danger" : "neutral"}>{payment.status}</Badge>;
}

function PaymentsTable({ weddingId, currency, today, booking }: Props) {
  if (booking.payments.length === 0) return <p className="text-sm text-ink-muted">No payments recorded yet.</p>;
  const kindOf = new Map(booking.installments.map((i) => [i.id, INSTALLMENT_KIND_LABELS[i.kind]]));
  return (
    <Table label={`Payments of ${booking.supplier}`}>
      <TableCaption className="sr-only">Payments and refunds of {booking.supplier}, oldest first</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>Date</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Details</TableHead>
          <TableHead className="relative">
            <span className="sr-only">Actions</span>
          </TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {booking.payments.map((payment) => {
          const isRefund = payment.refundOf !== null;
          const refundable = fromCents(toCents(payment.amount) - toCents(payment.refunded));
          const label = paymentLabel(payment);
          return (
            <TableRow key={payment.id}>
              <TableHead scope="row" className="font-normal whitespace-nowrap">
                <time dateTime={payment.date}>{formatDate(payment.date)}</time>
              </TableHead>
              <TableCell className="text-right tabular-nums">
                {formatAmount(isRefund ? `-${payment.amount}` : payment.amount, currency)}
              </TableCell>
              <TableCell>
                <PaymentStatus payment={payment} />
              </TableCell>
              <TableCell className="text-sm whitespace-normal text-ink-muted">
                {[
                  payment.method,
                  payment.installmentId !== null
                    ? `towards the ${kindOf.get(payment.installmentId)?.toLowerCase()}`
                    : null,
                  !isRefund && payment.refunded !== "0.00"
                    ? `${formatAmount(payment.refunded, currency)} refunded`
                    : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
                {payment.overpaymentReason ? (
                  <span className="mt-1 block">
                    <Badge tone="warning">Overpayment</Badge> {payment.overpaymentReason}
                  </span>
                ) : null}
              </TableCell>
              <TableCell className="relative text-right">
                {payment.status === "Pending" ? (
                  <SettlePaymentForms
                    weddingId={weddingId}
                    paymentId={payment.id}
                    version={payment.version}
                    label={label}
                  />
                ) : null}
                {payment.status === "Completed" && !isRefund && refundable !== "0.00" ? (
                  <RefundPaymentForm
                    weddingId={weddingId}
                    paymentId={payment.id}
                    currency={currency}
                    refundable={refundable}
                    today={today}
                    label={label}
                  />
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function BookingPaymentsCard({ weddingId, currency, today, booking }: Props) {
  const headingId = `booking-${booking.id}`;
  const cancelled = booking.status === "Cancelled";
  return (
    <Card aria-labelledby={headingId} className="space-y-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-ink">
          {booking.supplier}
        </h2>
        <p className="text-sm text-ink-muted">
          {booking.category} · event {formatDate(booking.eventDate)} ·{" "}
          <Badge tone={cancelled ? "neutral" : booking.status === "Confirmed" ? "success" : "warning"}>
            {booking.status}
          </Badge>
        </p>
      </div>
      <Figures booking={booking} currency={currency} />
      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-ink">Schedule</h3>
        <ScheduleTable weddingId={weddingId} currency={currency} booking={booking} />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-ink">Payments</h3>
        <PaymentsTable weddingId={weddingId} currency={currency} today={today} booking={booking} />
      </div>
      {cancelled ? (
        <p className="text-sm text-ink-muted">This booking is cancelled: refunds only.</p>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <details className="rounded-md border border-line p-3">
            <summary className={cx("cursor-pointer rounded-sm text-sm font-medium text-ink", focusRing)}>
              Add an installment<span className="sr-only"> to {booking.supplier}</span>
            </summary>
            <div className="mt-3">
              <AddInstallmentForm
                weddingId={weddingId}
                bookingId={booking.id}
                currency={currency}
                eventDate={booking.eventDate}
                hasDeposit={booking.installments.some((i) => i.kind === "deposit")}
              />
            </div>
          </details>
          <details className="rounded-md border border-line p-3">
            <summary className={cx("cursor-pointer rounded-sm text-sm font-medium text-ink", focusRing)}>
              Record a payment<span className="sr-only"> for {booking.supplier}</span>
            </summary>
            <div className="mt-3">
              <RecordPaymentForm
                weddingId={weddingId}
                bookingId={booking.id}
                currency={currency}
                today={today}
                installments={booking.installments
                  .filter((i) => i.outstanding !== "0.00")
                  .map((i) => ({ id: i.id, kind: i.kind, dueDate: i.dueDate, outstanding: i.outstanding }))}
              />
            </div>
          </details>
        </div>
      )}
    </Card>
  );
}
