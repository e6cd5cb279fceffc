import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { fromCents, toCents } from "@/lib/budget/figures";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import { lockBooking, requireOpenBooking, type LockedBooking } from "./booking-lock";
import type { TRecordPayment, TRefundPayment, TSetPaymentStatus } from "./schema";

// Payments against a booking: record one, settle a pending one, refund one.
// The amount paid (Completed payments minus refunds) never exceeds the
// booking's total unless the planner ticks the override and says why; the
// reason is stored on the payment row, so the audit trigger records it with
// the row in the same transaction. Every write locks the booking first (see
// booking-lock.ts), so two payments made at once cannot together pass the total.

type Result = ActionResult<{ message: string }>;

export const PAYMENT_GONE = "This payment does not exist any more. Reload the page.";
export const PAYMENT_CONFLICT =
  "This payment was changed by someone else since you opened it. Reload to see their changes.";
export const INSTALLMENT_NOT_OF_BOOKING = "Choose an installment of this booking, or none.";
export const ONLY_PENDING_MOVES = "Only a pending payment can be marked completed or failed.";
export const ONLY_COMPLETED_REFUNDS = "Only a completed payment can be refunded.";
export const REFUND_BEFORE_PAYMENT = "A refund cannot be dated before the payment it returns.";

export function overpaymentMessage(paid: string, total: string, currency: string): string {
  return (
    `This would bring the amount paid to ${paid} ${currency}, more than the booking's total of ${total} ${currency}. ` +
    `Tick “Allow overpayment” and give a reason to record it anyway.`
  );
}

export function refundTooMuchMessage(left: string, currency: string): string {
  return left === "0.00"
    ? "This payment has been refunded in full already."
    : `At most ${left} ${currency} of this payment is left to refund.`;
}

/**
 * The override reason to store when `amount` more is paid, or null when the
 * booking stays within its total. Past the total without the override, it refuses.
 */
function overpaymentReason(
  booking: LockedBooking,
  amount: string,
  override: { allowOverpayment: boolean; overpaymentReason?: string },
): string | null {
  const paid = toCents(booking.paid) + toCents(amount);
  if (paid <= toCents(booking.total)) return null;
  if (override.allowOverpayment && override.overpaymentReason) return override.overpaymentReason;
  const message = overpaymentMessage(fromCents(paid), booking.total, booking.currency);
  throw new ActionError(message, { amount: [message] });
}

function day(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

export async function recordPayment(identity: UserIdentity, input: TRecordPayment): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const booking = await lockBooking(tx, input.weddingId, input.bookingId);
    requireOpenBooking(booking);
    if (input.installmentId !== undefined) {
      const installment = await tx.paymentInstallment.findFirst({
        where: {
          id: input.installmentId,
          bookingId: booking.bookingId,
          bookingEventDate: day(booking.eventDate),
        },
        select: { id: true },
      });
      if (!installment)
        throw new ActionError(INSTALLMENT_NOT_OF_BOOKING, { installmentId: [INSTALLMENT_NOT_OF_BOOKING] });
    }
    const reason = input.status === "Completed" ? overpaymentReason(booking, input.amount, input) : null;
    await tx.payment.create({
      data: {
        bookingId: booking.bookingId,
        bookingEventDate: day(booking.eventDate),
        weddingId: booking.weddingId,
        clientId: booking.clientId,
        installmentId: input.installmentId ?? null,
        amount: new Prisma.Decimal(input.amount),
        paymentStatus: input.status,
        paymentDate: day(input.paymentDate),
        method: input.method ?? null,
        overpaymentReason: reason,
      },
      select: { id: true },
    });
    const paid = input.status === "Completed" ? fromCents(toCents(booking.paid) + toCents(input.amount)) : booking.paid;
    return {
      ok: true as const,
      message:
        `Recorded a ${input.status.toLowerCase()} payment of ${input.amount} ${booking.currency}. ` +
        `Paid so far: ${paid} of ${booking.total} ${booking.currency}.` +
        (reason ? " Recorded as an overpayment, with your reason." : ""),
    };
  });
}

type PaymentRow = {
  payment_id: number;
  payment_date: string;
  booking_id: number;
  status: string;
  amount: string;
  is_refund: boolean;
  installment_id: number | null;
  current: boolean;
  refunded: string;
};

/** Locks the payment's booking first, then the payment: the same order as every other payment write. */
async function lockPayment(tx: Tx, weddingId: number, paymentId: number, version: string | null) {
  const [found] = await tx.$queryRaw<{ booking_id: number }[]>`
    SELECT booking_id FROM payment WHERE payment_id = ${paymentId} AND wedding_id = ${weddingId}`;
  if (!found) throw new ActionError(PAYMENT_GONE);
  const booking = await lockBooking(tx, weddingId, found.booking_id);
  const [payment] = await tx.$queryRaw<PaymentRow[]>`
    SELECT p.payment_id, p.payment_date::text AS payment_date, p.booking_id, p.payment_status::text AS status,
           p.amount::text AS amount, p.refund_of_payment_id IS NOT NULL AS is_refund, p.installment_id,
           (${version}::text IS NULL OR p.updated_at = ${version}::timestamptz) AS current,
           (SELECT coalesce(sum(r.amount), 0)::text FROM payment r
            WHERE r.refund_of_payment_id = p.payment_id AND r.refund_of_payment_date = p.payment_date) AS refunded
    FROM payment p WHERE p.payment_id = ${paymentId} AND p.wedding_id = ${weddingId}
    FOR UPDATE OF p`;
  if (!payment) throw new ActionError(PAYMENT_GONE);
  if (!payment.current) throw new ActionError(PAYMENT_CONFLICT);
  return { booking, payment };
}

export async function setPaymentStatus(identity: UserIdentity, input: TSetPaymentStatus): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const { booking, payment } = await lockPayment(tx, input.weddingId, input.paymentId, input.version);
    if (payment.status !== "Pending" || payment.is_refund) throw new ActionError(ONLY_PENDING_MOVES);
    const reason = input.status === "Completed" ? overpaymentReason(booking, payment.amount, input) : null;
    await tx.payment.update({
      where: { id_paymentDate: { id: payment.payment_id, paymentDate: day(payment.payment_date) } },
      data: { paymentStatus: input.status, overpaymentReason: reason },
      select: { id: true },
    });
    return {
      ok: true as const,
      message:
        input.status === "Completed"
          ? `Marked the payment of ${payment.amount} ${booking.currency} as completed.` +
            (reason ? " Recorded as an overpayment, with your reason." : "")
          : `Marked the payment of ${payment.amount} ${booking.currency} as failed.`,
    };
  });
}

export async function refundPayment(identity: UserIdentity, input: TRefundPayment): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const { booking, payment } = await lockPayment(tx, input.weddingId, input.paymentId, null);
    if (payment.status !== "Completed" || payment.is_refund) throw new ActionError(ONLY_COMPLETED_REFUNDS);
    const left = toCents(payment.amount) - toCents(payment.refunded);
    if (toCents(input.amount) > left) {
      const message = refundTooMuchMessage(fromCents(left), booking.currency);
      throw new ActionError(message, { amount: [message] });
    }
    if (input.refundDate < payment.payment_date) {
      throw new ActionError(REFUND_BEFORE_PAYMENT, { refundDate: [REFUND_BEFORE_PAYMENT] });
    }
    await tx.payment.create({
      data: {
        bookingId: booking.bookingId,
        bookingEventDate: day(booking.eventDate),
        weddingId: booking.weddingId,
        clientId: booking.clientId,
        installmentId: payment.installment_id,
        amount: new Prisma.Decimal(input.amount),
        paymentStatus: "Refunded",
        paymentDate: day(input.refundDate),
        method: input.method ?? null,
        refundOfPaymentId: payment.payment_id,
        refundOfPaymentDate: day(payment.payment_date),
      },
      select: { id: true },
    });
    const remaining = fromCents(left - toCents(input.amount));
    return {
      ok: true as const,
      message:
        `Refunded ${input.amount} ${booking.currency}. ` +
        (remaining === "0.00"
          ? "The payment is now refunded in full."
          : `${remaining} ${booking.currency} of it is kept.`),
    };
  });
}
