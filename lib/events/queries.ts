import "server-only";
import { readAs } from "@/lib/db/read-as";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventStatus, EventType } from "@/lib/generated/prisma/enums";
import { findOverlaps } from "./overlaps";
import { endsNextDay } from "./schema";

// The events page: every event of a wedding, cancelled ones too, in date and
// start order, each with its version for optimistic concurrency and the
// active events it overlaps.

export type EventRow = {
  id: number;
  name: string;
  eventType: EventType;
  region: string;
  date: string;
  /** "HH:MM" */
  startTime: string;
  /** "HH:MM" */
  endTime: string;
  endsNextDay: boolean;
  location: string | null;
  notes: string | null;
  status: EventStatus;
  version: string;
  /** Names of the active events this one overlaps (empty when cancelled or completed). */
  overlapsWith: string[];
};

export type EventsPage = {
  wedding: { id: number; name: string; date: string };
  events: EventRow[];
  /** The region most events use, to prefill a new event's form. */
  usualRegion: string | null;
};

type RawEvent = Omit<EventRow, "overlapsWith" | "endsNextDay" | "startTime" | "endTime"> & {
  startTime: string;
  endTime: string;
};

/** A wedding's events; null when the identity may not see the wedding (or it does not exist). */
export async function getEventsPage(identity: Identity, weddingId: number): Promise<EventsPage | null> {
  return withIdentity(identity, async (tx) => {
    const [wedding] = await tx.$queryRaw<{ id: number; name: string; date: string }[]>`
      SELECT wedding_id AS id, wedding_name AS name, wedding_date::text AS date FROM wedding
      WHERE wedding_id = ${weddingId}`;
    if (!wedding) return null;
    const rows = await tx.$queryRaw<RawEvent[]>`
      SELECT event_id AS id, name, event_type::text AS "eventType", region, event_date::text AS date,
             to_char(start_time, 'HH24:MI:SS') AS "startTime", to_char(end_time, 'HH24:MI:SS') AS "endTime",
             location, notes, status::text AS status,
             to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version
      FROM event WHERE wedding_id = ${weddingId}
      ORDER BY event_date, start_time, event_id`;
    const overlaps = findOverlaps(rows);
    const names = new Map(rows.map((row) => [row.id, row.name]));
    const regions = new Map<string, number>();
    for (const row of rows) regions.set(row.region, (regions.get(row.region) ?? 0) + 1);
    const usualRegion = [...regions.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    return {
      wedding,
      usualRegion: usualRegion ?? null,
      events: rows.map((row) => ({
        ...row,
        startTime: row.startTime.slice(0, 5),
        endTime: row.endTime.slice(0, 5),
        endsNextDay: endsNextDay(row.startTime, row.endTime),
        overlapsWith: (overlaps.get(row.id) ?? []).map((id) => names.get(id) ?? `Event ${id}`),
      })),
    };
  });
}

// The active timeline: the events still happening (Scheduled or Confirmed),
// in the order they happen, the report's section 5.4 query. Its predicate is
// idx_event_active_timeline's (wedding_id, event_date, start_time WHERE status
// IN ('Scheduled', 'Confirmed')). The wedding overview reads its timeline
// through this statement (a CTE of its one statement); starts and ends are the
// event's instants, an end before the start being on the next day.

/** The active events of a wedding, raw columns plus starts/ends, in timeline order. */
export function activeTimelineQuery(weddingId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT event_id, name, event_type, event_date, start_time, end_time, location, status,
           event_date + start_time AS starts,
           event_date + end_time + CASE WHEN end_time < start_time THEN interval '1 day' ELSE interval '0' END AS ends
    FROM event WHERE wedding_id = ${weddingId} AND status IN ('Scheduled', 'Confirmed')
    ORDER BY event_date, start_time, event_id`;
}

export type TimelineEvent = {
  id: number;
  name: string;
  eventType: EventType;
  date: string;
  /** "HH:MM" */
  startTime: string;
  /** "HH:MM" */
  endTime: string;
  location: string | null;
  status: EventStatus;
};

/** The timeline as rows for a page: the statement getActiveTimeline runs. */
export function activeTimelineRowsQuery(weddingId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT t.event_id AS id, t.name, t.event_type::text AS "eventType", t.event_date::text AS date,
           to_char(t.start_time, 'HH24:MI') AS "startTime", to_char(t.end_time, 'HH24:MI') AS "endTime",
           t.location, t.status::text AS status
    FROM (${activeTimelineQuery(weddingId)}) t`;
}

/** A wedding's active events in timeline order; empty when it has none or the identity may not see it. */
export async function getActiveTimeline(identity: Identity, weddingId: number): Promise<TimelineEvent[]> {
  return readAs<TimelineEvent>(identity, activeTimelineRowsQuery(weddingId));
}
