import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AnswersSummary } from "@/components/rsvp/answers-summary";
import { RsvpForm } from "@/components/rsvp/rsvp-form";
import { Card, CardTitle } from "@/components/ui/card";
import { formatDate } from "@/lib/format/date";
import { getInvitation } from "@/lib/rsvp/queries";
import { hitRsvpRateLimit, TOO_MANY_REQUESTS_MESSAGE } from "@/lib/rsvp/rate-limit";
import { ZRsvpTokenSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";

// The token is the guest's key: keep it out of Referer headers and search engines.
export const metadata: Metadata = {
  title: "Your invitation",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function RsvpPage({ params }: { params: Promise<{ token: string }> }) {
  const token = ZRsvpTokenSchema.safeParse((await params).token);
  if (!token.success) notFound();
  if (!(await hitRsvpRateLimit(token.data))) {
    return (
      <div role="alert" className="mx-auto max-w-lg rounded-lg border border-line bg-surface px-6 py-10 text-center">
        <h1 className="text-xl font-semibold text-ink">{TOO_MANY_REQUESTS_MESSAGE}</h1>
        <p className="mt-2 text-sm text-ink-muted">Your invitation is safe; reload this page in a minute.</p>
      </div>
    );
  }
  const invitation = await getInvitation(token.data);
  if (!invitation) notFound();

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <header className="rounded-lg border border-line bg-surface px-4 py-6 text-center shadow-sm sm:px-6">
        <p className="text-xs font-medium tracking-widest text-brand-700 uppercase dark:text-brand-200">
          You are invited
        </p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-balance text-ink">{invitation.weddingName}</h1>
        <p className="mt-1 text-ink-muted">
          <time dateTime={invitation.weddingDate}>{formatDate(invitation.weddingDate)}</time>
        </p>
        <p className="mt-4 text-sm text-ink">
          Invitation for <span className="font-medium">{invitation.householdName}</span>
        </p>
        {invitation.open && invitation.rsvpDeadline ? (
          <p className="mt-1 text-sm text-ink-muted">
            Please reply by <time dateTime={invitation.rsvpDeadline}>{formatDate(invitation.rsvpDeadline)}</time>.
          </p>
        ) : null}
      </header>

      {invitation.events.length === 0 ? (
        <Card>
          <CardTitle>Nothing to answer yet</CardTitle>
          <p className="mt-1 text-sm text-ink-muted">
            The events are not set up yet. Please come back to this link later.
          </p>
        </Card>
      ) : invitation.open ? (
        <RsvpForm token={token.data} invitation={invitation} consents={invitation.consents} />
      ) : (
        <Card aria-labelledby="rsvp-closed">
          <CardTitle id="rsvp-closed">Replies are closed</CardTitle>
          <p className="mt-1 mb-4 text-sm text-ink-muted">
            Replies closed on {formatDate(invitation.rsvpDeadline ?? invitation.weddingDate)}, so these answers can no
            longer be changed. Please contact the couple if your plans have changed.
          </p>
          <AnswersSummary invitation={invitation} />
        </Card>
      )}
    </div>
  );
}
