import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { WeddingStatusBadge } from "@/components/wedding-status-badge";
import { PrivacySection } from "@/components/gdpr/privacy-section";
import { BudgetChart } from "@/components/weddings/budget-chart";
import { formatDaysLeft, formatMoney, formatPercent } from "@/components/weddings/format";
import { OverBudgetReview } from "@/components/weddings/over-budget-review";
import { PaymentLists } from "@/components/weddings/payment-lists";
import { RsvpFunnelChart } from "@/components/weddings/rsvp-funnel-chart";
import { WeddingTimeline } from "@/components/weddings/wedding-timeline";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getWeddingClient } from "@/lib/gdpr/queries";
import type { WeddingStatus } from "@/lib/generated/prisma/enums";
import { parseWeddingId } from "@/lib/weddings/cockpit-schema";
import { getWeddingOverview } from "@/lib/weddings/overview";

export const metadata: Metadata = { title: "Wedding overview" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const DAY_MS = 86_400_000;
const linkClasses = cx("rounded-sm text-brand-700 underline dark:text-brand-200", focusRing);

export default async function WeddingOverviewPage({ params }: Props) {
  const raw = (await params).id;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw)}`);
  const weddingId = parseWeddingId(raw);
  if (weddingId === null) notFound();
  const today = new Date().toISOString().slice(0, 10);
  const overview = await getWeddingOverview(identity, weddingId, today);
  if (!overview) notFound();
  const client = await getWeddingClient(identity, weddingId);

  const { wedding, totals } = overview;
  const daysLeft = Math.round((Date.parse(wedding.date) - Date.parse(today)) / DAY_MS);
  const spendPercent = formatPercent(totals.spendPercentage);
  const invitedAnyEvent = overview.rsvpFunnel.reduce((sum, event) => sum + event.invited, 0);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{wedding.name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-ink-muted">
          <span>{wedding.couple}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={wedding.date}>{formatDate(wedding.date)}</time>
          <span>({daysLeft >= 0 ? `${formatDaysLeft(daysLeft)} to go` : formatDaysLeft(daysLeft)})</span>
          <span aria-hidden="true">·</span>
          <WeddingStatusBadge status={wedding.status as WeddingStatus} />
        </p>
        {wedding.rsvpDeadline ? (
          <p className="mt-1 text-sm text-ink-muted">
            RSVP deadline <time dateTime={wedding.rsvpDeadline}>{formatDate(wedding.rsvpDeadline)}</time> · guest target{" "}
            {formatCount(wedding.guestCountTarget)}
          </p>
        ) : null}
      </div>

      {totals.overBudget ? (
        <OverBudgetReview totals={totals} expenses={overview.overBudgetExpenses} currency={wedding.currency} />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="budget-title">
          <CardTitle id="budget-title">Budget and spend</CardTitle>
          <CardDescription>
            {formatMoney(totals.spent, wedding.currency)} approved of {formatMoney(totals.budget, wedding.currency)}
            {spendPercent ? ` (${spendPercent} spent)` : ""}. Only approved expenses count as spent.
          </CardDescription>
          <div className="mt-4">
            {overview.budget.length === 0 ? (
              <p className="text-sm text-ink-muted">
                No budget lines or approved expenses yet.{" "}
                <Link href={`/weddings/${wedding.id}/budget`} className={linkClasses}>
                  Set up the budget
                </Link>
                .
              </p>
            ) : (
              <BudgetChart lines={overview.budget} currency={wedding.currency} />
            )}
          </div>
        </Card>

        <Card aria-labelledby="rsvp-title">
          <CardTitle id="rsvp-title">RSVP replies</CardTitle>
          <CardDescription>
            Per scheduled or confirmed event: accepted, declined and still pending, out of{" "}
            {formatCount(invitedAnyEvent)} invitations.
          </CardDescription>
          <div className="mt-4">
            {overview.rsvpFunnel.length === 0 ? (
              <p className="text-sm text-ink-muted">
                No upcoming events.{" "}
                <Link href={`/weddings/${wedding.id}/events`} className={linkClasses}>
                  Plan an event
                </Link>{" "}
                and invite guests to it.
              </p>
            ) : (
              <RsvpFunnelChart events={overview.rsvpFunnel} />
            )}
          </div>
        </Card>

        <Card aria-labelledby="timeline-title">
          <CardTitle id="timeline-title">Timeline</CardTitle>
          <CardDescription>Scheduled and confirmed events, in order. Overlapping times are flagged.</CardDescription>
          <div className="mt-4">
            {overview.timeline.length === 0 ? (
              <p className="text-sm text-ink-muted">
                Nothing scheduled.{" "}
                <Link href={`/weddings/${wedding.id}/events`} className={linkClasses}>
                  Add the ceremony and reception
                </Link>
                .
              </p>
            ) : (
              <WeddingTimeline events={overview.timeline} />
            )}
          </div>
        </Card>

        <Card aria-labelledby="payments-title">
          <CardTitle id="payments-title">Payments</CardTitle>
          <CardDescription>Pending payments to suppliers, by due date.</CardDescription>
          <div className="mt-4">
            <PaymentLists payments={overview.payments} currency={wedding.currency} />
          </div>
        </Card>
      </div>

      {client ? (
        <PrivacySection subject="client" weddingId={wedding.id} clientId={client.id} name={client.name} />
      ) : null}
    </div>
  );
}
