import Link from "next/link";
import { formatAmount } from "@/components/budget/money";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { formatDate } from "@/lib/format/date";
import type { OpenItem } from "@/lib/payments/queries";
import { INSTALLMENT_KIND_LABELS } from "@/lib/payments/schema";

// Overdue money, oldest first: open installments of scheduled bookings and
// pending payments of the others, as the cockpit counts them. Across
// weddings, each item links to its wedding's payments page.

export function OverdueList({
  items,
  showWedding,
  emptyText,
}: {
  items: OpenItem[];
  showWedding: boolean;
  emptyText: string;
}) {
  if (items.length === 0) return <p className="text-sm text-ink-muted">{emptyText}</p>;
  return (
    <ul className="divide-y divide-line rounded-md border border-line" aria-label="Overdue payments">
      {items.map((item) => (
        <li
          key={`${item.source}-${item.id}`}
          className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
        >
          <span className="min-w-0">
            <span className="block font-medium text-ink">
              {item.supplier} · {item.kind ? INSTALLMENT_KIND_LABELS[item.kind] : "Pending payment"}
            </span>
            <span className="block text-ink-muted">
              {showWedding ? (
                <>
                  <Link
                    href={`/weddings/${item.weddingId}/payments`}
                    className={cx("rounded-sm underline hover:text-ink", focusRing)}
                  >
                    {item.weddingName}
                  </Link>
                  {" · "}
                </>
              ) : null}
              Was due <time dateTime={item.dueDate}>{formatDate(item.dueDate)}</time>
            </span>
          </span>
          <span className="flex items-center gap-2">
            <Badge tone="danger">Overdue</Badge>
            <span className="font-semibold text-red-700 tabular-nums dark:text-red-300">
              {formatAmount(item.amount, item.currency)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
