import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatAmount } from "@/components/budget/money";
import { BookingPaymentsCard } from "@/components/payments/booking-payments";
import { OverdueList } from "@/components/payments/overdue-list";
import { EmptyState } from "@/components/ui/empty-state";
import { requireIdentity } from "@/lib/auth/guards";
import { fromCents, toCents } from "@/lib/budget/figures";
import { getWeddingPaymentsPage } from "@/lib/payments/queries";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payments" };

type Props = { params: Promise<{ id: string }> };

export default async function WeddingPaymentsPage({ params }: Props) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/payments`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const today = new Date().toISOString().slice(0, 10);
  const page = await getWeddingPaymentsPage(identity, parsed.data.id, today);
  if (!page) notFound();

  const { currency } = page.wedding;
  const live = page.bookings.filter((b) => b.status !== "Cancelled");
  const total = live.reduce((sum, b) => sum + toCents(b.total), 0n);
  const paid = live.reduce((sum, b) => sum + toCents(b.paid), 0n);
  const overdue = page.overdue.reduce((sum, item) => sum + toCents(item.amount), 0n);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Payments</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {page.wedding.name} · amounts in {currency} · paid means completed payments minus refunds
        </p>
      </div>

      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Payment totals">
        {[
          ["Booked", formatAmount(fromCents(total), currency)],
          ["Paid", formatAmount(fromCents(paid), currency)],
          ["Remaining", formatAmount(fromCents(total - paid), currency)],
          ["Overdue", formatAmount(fromCents(overdue), currency)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-line bg-surface p-4">
            <dt className="text-sm text-ink-muted">{label}</dt>
            <dd className="mt-1 text-xl font-semibold text-ink tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="overdue-heading" className="space-y-3">
        <h2 id="overdue-heading" className="text-lg font-semibold text-ink">
          Overdue ({page.overdue.length})
        </h2>
        <OverdueList items={page.overdue} showWedding={false} emptyText="Nothing is overdue for this wedding." />
      </section>

      {page.bookings.length === 0 ? (
        <EmptyState
          title="No bookings yet"
          description="Book a venue or a vendor for this wedding first; its payment schedule and payments are kept here."
        />
      ) : (
        page.bookings.map((booking) => (
          <BookingPaymentsCard
            key={booking.id}
            weddingId={page.wedding.id}
            currency={currency}
            today={today}
            booking={booking}
          />
        ))
      )}
    </div>
  );
}
