import "server-only";
import { getPrisma } from "@/lib/db/client";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import type { TIcsEvent } from "./ics";

// A wedding's calendar feed: for its planner (through row-level security),
// and for calendar apps, which fetch it by token with no identity at all.

export type CalendarFeedState = { token: string; createdAt: Date; revokedAt: Date | null };

/** The wedding's feed (live or revoked), or null when it has none or the identity may not see it. */
export async function getCalendarFeed(identity: Identity, weddingId: number): Promise<CalendarFeedState | null> {
  return withIdentity(identity, (tx) =>
    tx.calendarFeed.findUnique({
      where: { weddingId },
      select: { token: true, createdAt: true, revokedAt: true },
    }),
  );
}

/** "/calendar/<token>" on `origin`. */
export function calendarFeedUrl(origin: string, token: string): string {
  return new URL(`/calendar/${encodeURIComponent(token)}`, origin).toString();
}

type FeedRow = {
  wedding_name: string;
  event_id: number | null;
  event_name: string | null;
  event_type: string | null;
  region: string | null;
  event_date: string | null;
  start_time: string | null;
  end_time: string | null;
  location: string | null;
  status: string | null;
  updated_at: Date | null;
};

/**
 * The wedding name and events behind a live token; null for an unknown or
 * revoked one. Runs without an identity, hence unsafe…: it calls only the
 * security-definer function calendar_feed_events(), which answers for one
 * exact token with that wedding's non-cancelled schedule and nothing else.
 * Callers pass a token that has the shape of one (ZCalendarTokenSchema).
 */
export async function unsafeGetCalendarByToken(
  token: string,
): Promise<{ weddingName: string; events: TIcsEvent[] } | null> {
  const rows = await getPrisma().$queryRaw<FeedRow[]>`
    SELECT wedding_name, event_id, event_name, event_type::text AS event_type, region,
           event_date::text AS event_date, to_char(start_time, 'HH24:MI:SS') AS start_time,
           to_char(end_time, 'HH24:MI:SS') AS end_time, location, status::text AS status, updated_at
    FROM calendar_feed_events(${token}::text)`;
  const first = rows[0];
  if (!first) return null;
  const events: TIcsEvent[] = [];
  for (const row of rows) {
    if (row.event_id === null) continue;
    events.push({
      id: row.event_id,
      name: row.event_name ?? "",
      eventType: row.event_type ?? "Other",
      region: row.region ?? "",
      date: row.event_date ?? "",
      startTime: row.start_time ?? "00:00:00",
      endTime: row.end_time ?? "00:00:00",
      location: row.location,
      status: row.status ?? "Scheduled",
      updatedAt: row.updated_at ?? new Date(0),
    });
  }
  return { weddingName: first.wedding_name, events };
}
