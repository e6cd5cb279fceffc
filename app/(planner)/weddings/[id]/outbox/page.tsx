import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutboxTable } from "@/components/outbox/outbox-table";
import { RemindForm, type RemindEventOption } from "@/components/outbox/remind-form";
import { AddressNotes } from "@/components/ui/address-notes";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getOutboxPage } from "@/lib/outbox/queries";
import { OUTBOX_STATUSES, outboxHref, parseOutboxSearchParams, type TOutboxStatus } from "@/lib/outbox/schema";
import { getMailSettings } from "@/lib/outbox/transport";
import { RECENT_HOURS } from "@/lib/reminders/remind-non-responders";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
// Message bodies hold guests' personal RSVP links: never send them on as a referrer.
export const metadata: Metadata = { title: "Outbox", referrer: "no-referrer" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const STATUS_LABELS: Record<TOutboxStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
};

export default async function OutboxPage({ params, searchParams }: Props) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/outbox`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const { filters, notes } = parseOutboxSearchParams(await searchParams);
  const data = await getOutboxPage(identity, weddingId, filters);
  if (!data) notFound();

  const mail = getMailSettings();
  const pageNotes =
    data.page < filters.page ? [...notes, `Page ${filters.page} does not exist; showing page ${data.page}.`] : notes;
  const allCount = Object.values(data.statusCounts).reduce((sum, n) => sum + n, 0);
  const events: RemindEventOption[] = data.events
    .filter((event) => event.status !== "Cancelled" && event.status !== "Completed")
    .map((event) => ({
      id: event.id,
      label: `${event.name} · ${formatDate(event.date)} ${event.startTime}`,
      pending: event.pending,
      pendingWithEmail: event.pendingWithEmail,
    }));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Outbox</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {data.wedding.name} · email to guests, newest first. {formatCount(data.statusCounts.sent)} sent,{" "}
          {formatCount(data.statusCounts.queued)} queued.
        </p>
      </div>

      {mail.kind === "off" ? (
        <Alert tone="warning" data-testid="sending-off">
          <strong className="font-semibold">Sending is off: set SMTP_URL.</strong> Reminders are queued here and nothing
          is emailed until the server has an SMTP_URL (for example smtp://user:password@smtp.example.com:587); then{" "}
          <code>npm run outbox:send</code> sends what is queued.
        </Alert>
      ) : mail.kind === "invalid" ? (
        <Alert tone="danger">
          <strong className="font-semibold">Sending is off:</strong> {mail.reason} Queued messages wait here until it is
          fixed.
        </Alert>
      ) : null}

      <Card>
        <CardTitle>Remind non-responders</CardTitle>
        <CardDescription>
          One email to each guest whose RSVP for the chosen event is still Pending and who has an email address, with
          their personal RSVP link. Guests who answered are never included, and anyone reminded about the same event in
          the last {RECENT_HOURS} hours is skipped.
        </CardDescription>
        <div className="mt-4">
          <RemindForm weddingId={weddingId} events={events} selectedEventId={filters.event} />
        </div>
      </Card>

      <section aria-labelledby="messages-heading" className="space-y-4">
        <h2 id="messages-heading" className="text-lg font-semibold text-ink">
          Messages
        </h2>
        <nav aria-label="Filter messages by status">
          <ul className="flex flex-wrap gap-2 text-sm">
            {[undefined, ...OUTBOX_STATUSES].map((status) => {
              const current = filters.status === status;
              const count = status ? data.statusCounts[status] : allCount;
              return (
                <li key={status ?? "all"}>
                  <Link
                    href={outboxHref(weddingId, filters, { status, page: 1 })}
                    aria-current={current ? "page" : undefined}
                    className={cx(
                      "inline-flex min-h-10 items-center rounded-md border px-3 font-medium",
                      current
                        ? "border-brand-600 bg-brand-50 text-brand-800 dark:bg-brand-900/40 dark:text-brand-100"
                        : "border-line bg-surface text-ink hover:bg-surface-muted",
                      focusRing,
                    )}
                  >
                    {status ? STATUS_LABELS[status] : "All"} ({formatCount(count)})
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <AddressNotes notes={pageNotes} />
        {data.total === 0 ? (
          <EmptyState
            title={filters.status ? `No ${STATUS_LABELS[filters.status].toLowerCase()} messages` : "No messages yet"}
            description={
              filters.status ? (
                <Link href={outboxHref(weddingId, filters, { status: undefined, page: 1 })} className="underline">
                  Show every message
                </Link>
              ) : (
                "Choose an event above and remind the guests who have not answered it yet."
              )
            }
          />
        ) : (
          <OutboxTable
            weddingId={weddingId}
            rows={data.rows}
            total={data.total}
            page={data.page}
            filters={{ ...filters, page: data.page }}
          />
        )}
      </section>
    </div>
  );
}
