import "server-only";
import { stringify } from "csv-stringify/sync";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import type { EventType } from "@/lib/generated/prisma/enums";
import { MEAL_EVENT_TYPES } from "@/lib/rsvp/answers";

// What the caterer needs per event, and nothing more: how many people come
// (accepted guests and their plus-ones), how many of each meal and of each
// dietary need. No names, no contacts. Each count comes from its own grouped
// query over event_rsvp (one row per guest and event), so nothing fans out.

export const NO_MEAL_CHOSEN = "Not chosen yet";

export type CatererEvent = {
  id: number;
  name: string;
  eventType: EventType;
  /** "YYYY-MM-DD". */
  date: string;
  /** "HH:MM". */
  startTime: string;
  location: string | null;
  offersMeal: boolean;
  acceptedGuests: number;
  plusOnes: number;
  headcount: number;
  /** Accepted guests per meal choice; guests who accepted without choosing count under NO_MEAL_CHOSEN. */
  meals: { meal: string; count: number }[];
  /** Accepted guests per dietary need (as written, ignoring case and surrounding spaces). */
  dietary: { need: string; count: number }[];
};

export type CatererReport = { wedding: { id: number; name: string; date: string }; events: CatererEvent[] };

type EventRow = Omit<CatererEvent, "offersMeal" | "headcount" | "meals" | "dietary">;

/** The caterer's counts for every event that is not cancelled (or one event); null when the wedding is not visible. */
export async function getCatererReport(
  identity: Identity,
  weddingId: number,
  eventId?: number,
): Promise<CatererReport | null> {
  return withIdentity(identity, async (tx) => {
    const [wedding] = await tx.$queryRaw<CatererReport["wedding"][]>`
      SELECT wedding_id AS id, wedding_name AS name, wedding_date::text AS date FROM wedding WHERE wedding_id = ${weddingId}`;
    if (!wedding) return null;
    const only = eventId ?? null;
    const events = await tx.$queryRaw<EventRow[]>`
      SELECT e.event_id AS id, e.name, e.event_type AS "eventType", e.event_date::text AS date,
             to_char(e.start_time, 'HH24:MI') AS "startTime", e.location,
             count(r.rsvp_id) FILTER (WHERE r.status = 'Accepted')::int AS "acceptedGuests",
             coalesce(sum(r.plus_ones) FILTER (WHERE r.status = 'Accepted'), 0)::int AS "plusOnes"
      FROM event e LEFT JOIN event_rsvp r ON r.event_id = e.event_id
      WHERE e.wedding_id = ${weddingId} AND e.status <> 'Cancelled' AND (${only}::int IS NULL OR e.event_id = ${only}::int)
      GROUP BY e.event_id
      ORDER BY e.event_date, e.start_time, e.event_id`;
    const meals = await tx.$queryRaw<{ eventId: number; meal: string; count: number }[]>`
      SELECT r.event_id AS "eventId", coalesce(r.meal_choice, ${NO_MEAL_CHOSEN}) AS meal, count(*)::int AS count
      FROM event_rsvp r
      WHERE r.wedding_id = ${weddingId} AND r.status = 'Accepted'
      GROUP BY 1, 2
      ORDER BY 1, 3 DESC, 2`;
    const dietary = await tx.$queryRaw<{ eventId: number; need: string; count: number }[]>`
      SELECT r.event_id AS "eventId", min(btrim(g.dietary_preference)) AS need, count(*)::int AS count
      FROM event_rsvp r JOIN guest g ON g.guest_id = r.guest_id
      WHERE r.wedding_id = ${weddingId} AND r.status = 'Accepted' AND btrim(coalesce(g.dietary_preference, '')) <> ''
      GROUP BY r.event_id, lower(btrim(g.dietary_preference))
      ORDER BY 1, 3 DESC, 2`;
    return {
      wedding,
      events: events.map((e) => {
        const offersMeal = MEAL_EVENT_TYPES.includes(e.eventType);
        const eventMeals = meals.filter((m) => m.eventId === e.id).map(({ meal, count }) => ({ meal, count }));
        return {
          ...e,
          offersMeal,
          headcount: e.acceptedGuests + e.plusOnes,
          // Where no meal is served, "not chosen" is no news for the caterer.
          meals: offersMeal ? eventMeals : eventMeals.filter((m) => m.meal !== NO_MEAL_CHOSEN),
          dietary: dietary.filter((d) => d.eventId === e.id).map(({ need, count }) => ({ need, count })),
        };
      }),
    };
  });
}

export const CATERER_CSV_COLUMNS = ["event", "date", "start", "category", "item", "count"] as const;

/** The report as CSV: one row per figure. UTF-8 with a byte-order mark, CRLF line ends. */
export function catererCsv(report: CatererReport): string {
  const rows: string[][] = [[...CATERER_CSV_COLUMNS]];
  for (const e of report.events) {
    const row = (category: string, item: string, count: number) =>
      rows.push([e.name, e.date, e.startTime, category, item, String(count)]);
    row("headcount", "Total", e.headcount);
    row("headcount", "Accepted guests", e.acceptedGuests);
    row("headcount", "Plus-ones", e.plusOnes);
    for (const m of e.meals) row("meal", m.meal, m.count);
    if (e.offersMeal && e.plusOnes > 0) row("meal", "Plus-ones (meal not recorded)", e.plusOnes);
    for (const d of e.dietary) row("dietary", d.need, d.count);
  }
  return stringify(rows, {
    bom: true,
    record_delimiter: "windows",
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
