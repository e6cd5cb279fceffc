import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import type { EventRow } from "@/lib/events/queries";
import { formatDate } from "@/lib/format/date";
import { EventActions } from "./event-forms";

// A wedding's events in date and start order, as cards: the run-of-show note
// is too long for a table cell. Overlapping active events are flagged in
// words, not only in colour.

const STATUS_TONES: Record<EventRow["status"], BadgeTone> = {
  Scheduled: "neutral",
  Confirmed: "success",
  Completed: "brand",
  Cancelled: "danger",
};

export function EventList({ weddingId, events }: { weddingId: number; events: EventRow[] }) {
  if (events.length === 0) {
    return (
      <EmptyState
        title="No events yet"
        description="Add the ceremony, the reception and anything around them below; they appear on the overview's timeline and in the calendar feed."
      />
    );
  }
  return (
    <ol className="space-y-4" aria-label="Events in date order">
      {events.map((event) => {
        const cancelled = event.status === "Cancelled";
        return (
          <li
            key={event.id}
            aria-labelledby={`event-${event.id}-name`}
            className={cx(
              "rounded-lg border bg-surface p-4 shadow-sm sm:p-5",
              event.overlapsWith.length > 0 ? "border-amber-400 dark:border-amber-700" : "border-line",
              cancelled && "opacity-75",
            )}
          >
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div className="min-w-0 space-y-1">
                <h3 id={`event-${event.id}-name`} className="text-base font-semibold break-words text-ink">
                  <span className={cancelled ? "line-through" : undefined}>{event.name}</span>
                </h3>
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone="brand">{event.eventType}</Badge>
                  <Badge tone={STATUS_TONES[event.status]}>{event.status}</Badge>
                  {event.overlapsWith.length > 0 ? (
                    <Badge tone="warning">Overlaps with {event.overlapsWith.join(", ")}</Badge>
                  ) : null}
                </p>
                <p className="text-sm text-ink">
                  <time dateTime={event.date}>{formatDate(event.date)}</time>
                  {" · "}
                  <span className="tabular-nums">
                    {event.startTime}–{event.endTime}
                  </span>
                  {event.endsNextDay ? <span className="text-ink-muted"> (ends next day)</span> : null}
                </p>
                <p className="text-sm break-words text-ink-muted">
                  {event.location ? `${event.location} · ` : ""}
                  {event.region}
                </p>
              </div>
            </div>
            {event.notes ? (
              <div className="mt-3 border-t border-line pt-3">
                <p className="text-xs font-medium tracking-wide text-ink-muted uppercase">Run of show</p>
                <p className="mt-1 text-sm break-words whitespace-pre-wrap text-ink">{event.notes}</p>
              </div>
            ) : null}
            <div className="mt-3 border-t border-line pt-3">
              <EventActions weddingId={weddingId} event={event} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
