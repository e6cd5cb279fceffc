import { formatMoney } from "@/components/weddings/format";
import type { RevenueCurrency } from "@/lib/revenue/queries";

// The charts' text for screen readers (and everyone else): what the lines and
// bars show, in words, with the exact amounts from the database.

const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-03-01" → "Mar 2026". */
export function formatMonth(month: string): string {
  const date = new Date(`${month}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a month: ${month}`);
  return monthFormat.format(date);
}

function largest<T extends { total: string }>(items: T[]): T {
  return items.reduce((best, item) => (Number(item.total) > Number(best.total) ? item : best));
}

function smallest<T extends { total: string }>(items: T[]): T {
  return items.reduce((low, item) => (Number(item.total) < Number(low.total) ? item : low));
}

export function describeMonths(data: RevenueCurrency): string {
  const { months, currency } = data;
  if (months.length === 0) return `No completed payments in ${currency}.`;
  const first = months[0]!;
  const last = months.at(-1)!;
  const span =
    months.length === 1
      ? `in ${formatMonth(first.month)}`
      : `over ${months.length} months from ${formatMonth(first.month)} to ${formatMonth(last.month)}`;
  const parts = [`Revenue in ${currency} ${span}: ${formatMoney(data.totals.total, currency)} in total.`];
  if (months.length > 1) {
    const high = largest(months);
    const low = smallest(months);
    parts.push(
      `Highest in ${formatMonth(high.month)} (${formatMoney(high.total, currency)}), ` +
        `lowest in ${formatMonth(low.month)} (${formatMoney(low.total, currency)}); ` +
        `${formatMonth(last.month)}: ${formatMoney(last.total, currency)}.`,
    );
  }
  return parts.join(" ");
}

export function describeCategories(data: RevenueCurrency): string {
  const { categories, currency } = data;
  if (categories.length === 0) return `No completed payments in ${currency}.`;
  const listed = categories
    .map(
      (c) =>
        `${c.category} ${formatMoney(c.total, currency)} (${c.payments} ${c.payments === 1 ? "payment" : "payments"})`,
    )
    .join(", ");
  return `Revenue in ${currency} per category, largest first: ${listed}.`;
}
