import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CalendarFeedCard, type CalendarFeedView } from "@/components/events/calendar-feed-card";
import { CreateEventForm } from "@/components/events/event-forms";
import { EventList } from "@/components/events/event-list";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { requireIdentity } from "@/lib/auth/guards";
import { calendarFeedUrl, getCalendarFeed } from "@/lib/calendar/queries";
import { getEventsPage } from "@/lib/events/queries";
import { formatDateTime } from "@/lib/format/date-time";
import { resolveAppOrigin } from "@/lib/rsvp/qr";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
// The calendar link is a secret: never send it on as a referrer.
export const metadata: Metadata = { title: "Events", referrer: "no-referrer" };

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export default async function EventsPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/events`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const [page, feed] = await Promise.all([getEventsPage(identity, weddingId), getCalendarFeed(identity, weddingId)]);
  if (!page) notFound();

  const origin = resolveAppOrigin(await requestOrigin());
  const feedView: CalendarFeedView =
    feed && feed.revokedAt === null
      ? { url: calendarFeedUrl(origin, feed.token), createdAt: formatDateTime(feed.createdAt), revokedAt: null }
      : { url: null, createdAt: null, revokedAt: feed?.revokedAt ? formatDateTime(feed.revokedAt) : null };
  const overlapping = page.events.filter((event) => event.overlapsWith.length > 0).length;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Events</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {page.wedding.name} · every event in date and start order, with its run of show
        </p>
      </div>

      {overlapping > 0 ? (
        <Alert tone="warning">
          {overlapping} events overlap in time. Check their start and end times, or cancel the one that is not
          happening.
        </Alert>
      ) : null}

      <section aria-labelledby="events-heading" className="space-y-3">
        <h2 id="events-heading" className="text-lg font-semibold text-ink">
          Timeline
        </h2>
        <EventList weddingId={weddingId} events={page.events} />
      </section>

      <Card>
        <CardTitle>Add an event</CardTitle>
        <CardDescription>
          Times are local to the event. For an event that runs past midnight, enter an end time before the start time.
        </CardDescription>
        <div className="mt-4">
          <CreateEventForm weddingId={weddingId} region={page.usualRegion} />
        </div>
      </Card>

      <CalendarFeedCard weddingId={weddingId} feed={feedView} />
    </div>
  );
}
