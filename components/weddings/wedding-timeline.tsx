import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format/date";
import type { WeddingOverview } from "@/lib/weddings/overview";

// Active events in the order they happen. An event whose end is before its
// start runs past midnight; events whose times overlap are flagged in words.

export function WeddingTimeline({ events }: { events: WeddingOverview["timeline"] }) {
  return (
    <ol className="space-y-3" aria-label="Timeline of events">
      {events.map((event) => (
        <li
          key={event.eventId}
          className="rounded-md border border-line p-3 data-[overlaps=true]:border-amber-400"
          data-overlaps={event.overlaps ? "true" : undefined}
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium text-ink">{event.name}</p>
            <p className="text-sm whitespace-nowrap text-ink-muted">
              <time dateTime={event.date}>{formatDate(event.date)}</time>, {event.startTime}–{event.endTime}
              {event.endTime < event.startTime ? " (next day)" : ""}
            </p>
          </div>
          <p className="mt-1 text-sm text-ink-muted">
            {event.eventType} · {event.status}
            {event.location ? ` · ${event.location}` : ""}
          </p>
          {event.overlaps ? (
            <p className="mt-2">
              <Badge tone="warning">Overlaps another event</Badge>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
