import "server-only";
import { GUEST_PHONE_SQL } from "@/lib/crypto/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import { readAllAs, readAs } from "@/lib/db/read-as";
import { withIdentity, type Identity, type Tx } from "@/lib/db/with-identity";
import type { EventStatus, EventType, RsvpStatus } from "@/lib/generated/prisma/enums";
import { MEAL_EVENT_TYPES } from "@/lib/rsvp/answers";
import { escapeLike } from "@/lib/url/search-params";
import type { TGuestFilters } from "./schema";
import { versionSql } from "./versions";

// What the guest pages show. Row-level security decides whether the wedding
// is visible at all (null when it is not); every query also names the wedding.

export type GuestListEvent = {
  id: number;
  name: string;
  eventType: EventType;
  /** "YYYY-MM-DD". */
  date: string;
  /** "HH:MM". */
  startTime: string;
  status: EventStatus;
  offersMeal: boolean;
  invited: number;
  accepted: number;
  declined: number;
  pending: number;
};

export type GuestRsvp = {
  rsvpId: number;
  eventId: number;
  status: RsvpStatus;
  mealChoice: string | null;
  plusOnes: number;
  plusOneNames: string[];
  respondedAt: string | null;
  version: string;
};

export type GuestListRow = {
  id: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
  householdId: number;
  householdName: string;
  version: string;
  rsvps: GuestRsvp[];
};

export type HouseholdRow = {
  id: number;
  name: string;
  plusOneAllowance: number;
  guestCount: number;
  version: string;
};

export type GuestList = {
  wedding: { id: number; name: string; date: string };
  /** The events guests can be invited to: every one that is not cancelled, in date order. */
  events: GuestListEvent[];
  households: HouseholdRow[];
  /** The guests the filters match, by name. */
  guests: GuestListRow[];
  totalGuests: number;
  /** The event filter named an event that is not listed (another wedding's, cancelled, unknown): it was not applied. */
  ignoredEventFilter: boolean;
};

type WeddingHead = { id: number; name: string; date: string };

const weddingHeadQuery = (weddingId: number) => Prisma.sql`
  SELECT wedding_id AS id, wedding_name AS name, wedding_date::text AS date FROM wedding WHERE wedding_id = ${weddingId}`;

const eventsQuery = (weddingId: number) => Prisma.sql`
  SELECT e.event_id AS id, e.name, e.event_type AS "eventType", e.event_date::text AS date,
         to_char(e.start_time, 'HH24:MI') AS "startTime", e.status,
         count(r.rsvp_id)::int AS invited,
         count(r.rsvp_id) FILTER (WHERE r.status = 'Accepted')::int AS accepted,
         count(r.rsvp_id) FILTER (WHERE r.status = 'Declined')::int AS declined,
         count(r.rsvp_id) FILTER (WHERE r.status = 'Pending')::int AS pending
  FROM event e LEFT JOIN event_rsvp r ON r.event_id = e.event_id
  WHERE e.wedding_id = ${weddingId} AND e.status <> 'Cancelled'
  GROUP BY e.event_id
  ORDER BY e.event_date, e.start_time, e.event_id`;

const householdsQuery = (weddingId: number) => Prisma.sql`
  SELECT h.household_id AS id, h.name, h.plus_one_allowance AS "plusOneAllowance",
         (SELECT count(*)::int FROM guest g WHERE g.household_id = h.household_id) AS "guestCount",
         ${versionSql("h")} AS version
  FROM household h WHERE h.wedding_id = ${weddingId}
  ORDER BY lower(h.name), h.household_id`;

type RawEvent = Omit<GuestListEvent, "offersMeal">;
const withMeal = (rows: RawEvent[]): GuestListEvent[] =>
  rows.map((row) => ({ ...row, offersMeal: MEAL_EVENT_TYPES.includes(row.eventType) }));

async function readWedding(tx: Tx, weddingId: number): Promise<WeddingHead | null> {
  const rows = await tx.$queryRaw<WeddingHead[]>(weddingHeadQuery(weddingId));
  return rows[0] ?? null;
}

async function readEvents(tx: Tx, weddingId: number): Promise<GuestListEvent[]> {
  return withMeal(await tx.$queryRaw<RawEvent[]>(eventsQuery(weddingId)));
}

async function readHouseholds(tx: Tx, weddingId: number): Promise<HouseholdRow[]> {
  return tx.$queryRaw<HouseholdRow[]>(householdsQuery(weddingId));
}

function guestFilter(weddingId: number, filters: Partial<TGuestFilters>): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`g.wedding_id = ${weddingId}`];
  if (filters.q) {
    const like = `%${escapeLike(filters.q)}%`;
    parts.push(Prisma.sql`(g.full_name ILIKE ${like} OR g.email ILIKE ${like} OR ${GUEST_PHONE_SQL} ILIKE ${like}
                           OR h.name ILIKE ${like} OR g.dietary_preference ILIKE ${like})`);
  }
  if (filters.event !== undefined) {
    const invited = Prisma.sql`SELECT 1 FROM event_rsvp f WHERE f.guest_id = g.guest_id AND f.event_id = ${filters.event}`;
    if (filters.status === "not-invited") parts.push(Prisma.sql`NOT EXISTS (${invited})`);
    else if (filters.status && filters.status !== "invited") {
      parts.push(Prisma.sql`EXISTS (${invited} AND f.status = ${filters.status}::rsvp_status)`);
    } else parts.push(Prisma.sql`EXISTS (${invited})`);
  }
  return Prisma.join(parts, " AND ");
}

/**
 * The guests `where` matches with their RSVPs, by name: exported so the plan
 * checks EXPLAIN what the page runs. The household is joined on the wedding
 * too (the foreign key is (household_id, wedding_id)), so the planner reads
 * the wedding's households by index instead of every household it may see.
 */
export function guestRowsQuery(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT g.guest_id AS id, g.full_name AS "fullName", g.email, ${GUEST_PHONE_SQL} AS phone,
           g.dietary_preference AS "dietaryPreference", g.household_id AS "householdId",
           h.name AS "householdName", ${versionSql("g")} AS version,
           coalesce((
             SELECT json_agg(json_build_object(
                      'rsvpId', r.rsvp_id, 'eventId', r.event_id, 'status', r.status, 'mealChoice', r.meal_choice,
                      'plusOnes', r.plus_ones, 'plusOneNames', r.plus_one_names,
                      'respondedAt', to_char(r.responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                      'version', ${versionSql("r")}) ORDER BY r.event_id)
             FROM event_rsvp r WHERE r.guest_id = g.guest_id), '[]') AS rsvps
    FROM guest g JOIN household h ON h.household_id = g.household_id AND h.wedding_id = g.wedding_id
    WHERE ${where}
    ORDER BY lower(g.full_name), g.guest_id`;
}

/** The guest list's main statement: the guests of a wedding the filters match. */
export function guestListRowsQuery(weddingId: number, filters: Partial<TGuestFilters> = {}): Prisma.Sql {
  return guestRowsQuery(guestFilter(weddingId, filters));
}

async function readGuests(tx: Tx, where: Prisma.Sql): Promise<GuestListRow[]> {
  return tx.$queryRaw<GuestListRow[]>(guestRowsQuery(where));
}

/** The wedding's name and date; null when it is not the identity's to see. */
export async function getWeddingHead(identity: Identity, weddingId: number): Promise<WeddingHead | null> {
  return withIdentity(identity, (tx) => readWedding(tx, weddingId));
}

/** The guest list page: events with their counts, households, and the guests the filters match. */
export async function getGuestList(
  identity: Identity,
  weddingId: number,
  filters: Partial<TGuestFilters> = {},
): Promise<GuestList | null> {
  // The page's four reads in one snapshot and one round trip (lib/db/read-as.ts).
  const [[wedding], rawEvents, households, requested] = await readAllAs<
    [WeddingHead[], RawEvent[], HouseholdRow[], GuestListRow[]]
  >(identity, [
    weddingHeadQuery(weddingId),
    eventsQuery(weddingId),
    householdsQuery(weddingId),
    guestListRowsQuery(weddingId, filters),
  ]);
  if (!wedding) return null;
  const events = withMeal(rawEvents);
  const ignoredEventFilter = filters.event !== undefined && !events.some((e) => e.id === filters.event);
  // An event filter that names no listed event (a stale or edited URL) is dropped, with its status filter.
  const guests = ignoredEventFilter
    ? await readAs<GuestListRow>(
        identity,
        guestListRowsQuery(weddingId, { ...filters, event: undefined, status: undefined }),
      )
    : requested;
  const totalGuests = households.reduce((sum, h) => sum + h.guestCount, 0);
  return { wedding, events, households, guests, totalGuests, ignoredEventFilter };
}

export type GuestDetail = {
  wedding: WeddingHead;
  guest: GuestListRow;
  households: HouseholdRow[];
  events: GuestListEvent[];
  /** The guest's household's plus-ones per event, from all its guests. */
  householdPlusOnes: { eventId: number; plusOnes: number }[];
  householdAllowance: number;
};

/** One guest with everything their page edits; null when the wedding or guest is not visible, or they do not match. */
export async function getGuestDetail(
  identity: Identity,
  weddingId: number,
  guestId: number,
): Promise<GuestDetail | null> {
  return withIdentity(identity, async (tx) => {
    const wedding = await readWedding(tx, weddingId);
    if (!wedding) return null;
    const [guest] = await readGuests(tx, Prisma.sql`g.wedding_id = ${weddingId} AND g.guest_id = ${guestId}`);
    if (!guest) return null;
    const events = await readEvents(tx, weddingId);
    const households = await readHouseholds(tx, weddingId);
    const householdPlusOnes = await tx.$queryRaw<{ eventId: number; plusOnes: number }[]>`
      SELECT r.event_id AS "eventId", sum(r.plus_ones)::int AS "plusOnes"
      FROM event_rsvp r JOIN guest g ON g.guest_id = r.guest_id
      WHERE g.household_id = ${guest.householdId} GROUP BY r.event_id`;
    const householdAllowance = households.find((h) => h.id === guest.householdId)?.plusOneAllowance ?? 0;
    return { wedding, guest, households, events, householdPlusOnes, householdAllowance };
  });
}

export type GuestExportRow = {
  household: string;
  plusOneAllowance: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
};

/** Every guest of the wedding for the CSV export, by household then guest; null when the wedding is not visible. */
export async function listGuestsForExport(
  identity: Identity,
  weddingId: number,
): Promise<{ weddingName: string; rows: GuestExportRow[] } | null> {
  return withIdentity(
    identity,
    async (tx) => {
      const wedding = await readWedding(tx, weddingId);
      if (!wedding) return null;
      const rows = await tx.$queryRaw<GuestExportRow[]>`
      SELECT h.name AS household, h.plus_one_allowance AS "plusOneAllowance", g.full_name AS "fullName",
             g.email, ${GUEST_PHONE_SQL} AS phone, g.dietary_preference AS "dietaryPreference"
      FROM guest g JOIN household h ON h.household_id = g.household_id
      WHERE g.wedding_id = ${weddingId}
      ORDER BY lower(h.name), h.household_id, g.guest_id`;
      return { weddingName: wedding.name, rows };
    },
    { pool: "report" },
  );
}
