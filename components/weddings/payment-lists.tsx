import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format/date";
import { INSTALLMENT_KIND_LABELS } from "@/lib/payments/schema";
import type { WeddingOverview } from "@/lib/weddings/overview";
import { formatMoney } from "./format";

// Money due in due order, overdue first and marked in words: open
// installments of scheduled bookings, Pending payments of the others.

type Payment = WeddingOverview["payments"][number];

export function PaymentLists({ payments, currency }: { payments: WeddingOverview["payments"]; currency: string }) {
  const overdue = payments.filter((p) => p.overdue);
  const upcoming = payments.filter((p) => !p.overdue);
  return (
    <div className="space-y-5">
      <section aria-labelledby="payments-overdue">
        <h3 id="payments-overdue" className="text-sm font-semibold text-ink">
          Overdue ({overdue.length})
        </h3>
        {overdue.length === 0 ? (
          <p className="mt-1 text-sm text-ink-muted">Nothing overdue.</p>
        ) : (
          <PaymentList payments={overdue} currency={currency} overdue />
        )}
      </section>
      <section aria-labelledby="payments-upcoming">
        <h3 id="payments-upcoming" className="text-sm font-semibold text-ink">
          Upcoming ({upcoming.length})
        </h3>
        {upcoming.length === 0 ? (
          <p className="mt-1 text-sm text-ink-muted">No payments due.</p>
        ) : (
          <PaymentList payments={upcoming} currency={currency} overdue={false} />
        )}
      </section>
    </div>
  );
}

function PaymentList({ payments, currency, overdue }: { payments: Payment[]; currency: string; overdue: boolean }) {
  return (
    <ul className="mt-2 divide-y divide-line rounded-md border border-line">
      {payments.map((payment) => {
        const due = payment.dueDate;
        return (
          <li
            key={`${payment.source}-${payment.id}`}
            className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
          >
            <span className="min-w-0">
              <span className="block font-medium text-ink">
                {payment.supplier}
                {payment.kind ? ` · ${INSTALLMENT_KIND_LABELS[payment.kind]}` : null}
              </span>
              <span className="block text-ink-muted">
                {overdue ? "Was due " : "Due "}
                <time dateTime={due}>{formatDate(due)}</time>
              </span>
            </span>
            <span className="flex items-center gap-2">
              {overdue ? <Badge tone="danger">Overdue</Badge> : null}
              <span
                className={
                  overdue
                    ? "font-semibold text-red-700 tabular-nums dark:text-red-300"
                    : "font-medium text-ink tabular-nums"
                }
              >
                {formatMoney(payment.amount, currency)}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
