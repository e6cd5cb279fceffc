import { Prisma } from "@/lib/generated/prisma/client";

// payment_open_item (migration 20261126000100_payment_schedule) in
// JavaScript, for the ORM versions of the dashboards (lib/bench/orm-dashboards.ts),
// which load bookings with their installments and payments through nested
// Prisma selects and must work the balance out themselves:
//   - each payment nets its amount when Completed, minus its amount when it is
//     a refund, nothing otherwise;
//   - an installment is first covered by the payments linked to it (up to its
//     amount), then by the rest of what the booking received, in due order;
//   - open items: installments with something outstanding, and Pending
//     payments of bookings without a schedule.
// Bench-only: the app reads the view.

type Decimal = Prisma.Decimal;
const Decimal = Prisma.Decimal;

export type OpenItemBooking = {
  installments: { id: number; kind: string; amount: Decimal; dueDate: Date }[];
  payments: {
    id: number;
    amount: Decimal;
    paymentStatus: string;
    paymentDate: Date;
    dueDate: Date | null;
    refundOfPaymentId: number | null;
    installmentId: number | null;
  }[];
};

export type OpenItem = {
  source: "installment" | "payment";
  id: number;
  kind: string | null;
  /** A payment's own day; null for an installment. */
  paymentDate: Date | null;
  dueDate: Date;
  amount: Decimal;
};

const ZERO = new Decimal(0);
const min = (a: Decimal, b: Decimal) => (a.lessThan(b) ? a : b);
const max = (a: Decimal, b: Decimal) => (a.greaterThan(b) ? a : b);

function net(payment: OpenItemBooking["payments"][number]): Decimal {
  if (payment.refundOfPaymentId !== null) return payment.amount.negated();
  return payment.paymentStatus === "Completed" ? payment.amount : ZERO;
}

/** The booking's open items, as payment_open_item has them. */
export function openItems(booking: OpenItemBooking): OpenItem[] {
  if (booking.installments.length === 0) {
    return booking.payments
      .filter((p) => p.paymentStatus === "Pending")
      .map((p) => ({
        source: "payment" as const,
        id: p.id,
        kind: null,
        paymentDate: p.paymentDate,
        dueDate: p.dueDate ?? p.paymentDate,
        amount: p.amount,
      }));
  }
  const paid = booking.payments.reduce((sum, p) => sum.plus(net(p)), ZERO);
  const direct = new Map<number, Decimal>();
  for (const installment of booking.installments) {
    const linked = booking.payments
      .filter((p) => p.installmentId === installment.id)
      .reduce((sum, p) => sum.plus(net(p)), ZERO);
    direct.set(installment.id, min(installment.amount, max(linked, ZERO)));
  }
  const directTotal = [...direct.values()].reduce((sum, d) => sum.plus(d), ZERO);
  const pool = max(paid.minus(directTotal), ZERO);
  const ordered = [...booking.installments].sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || a.id - b.id);
  let shortThrough = ZERO;
  const items: OpenItem[] = [];
  for (const installment of ordered) {
    const own = direct.get(installment.id)!;
    const short = installment.amount.minus(own);
    shortThrough = shortThrough.plus(short);
    const covered = own.plus(min(short, max(pool.minus(shortThrough.minus(short)), ZERO)));
    const outstanding = installment.amount.minus(covered);
    if (outstanding.greaterThan(ZERO)) {
      items.push({
        source: "installment",
        id: installment.id,
        kind: installment.kind,
        paymentDate: null,
        dueDate: installment.dueDate,
        amount: outstanding,
      });
    }
  }
  return items;
}
