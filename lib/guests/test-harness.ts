import { afterAll, beforeAll } from "vitest";
import { GUEST_PHONE, queryDecrypted } from "@/lib/test/pii";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";

// Shared by the guest actions' integration tests: a seeded throwaway database,
// the actions (imported after APP_DATABASE_URL points at it), two planners'
// weddings, and helpers that read the tables as the owner. Each test file
// stubs the session itself (vi.mock is per file) and calls setupGuestTestbed().
// The exports below are live bindings, set once the database is ready.

export let db: TestDatabase;
export let actions: typeof Actions;
export type PlannerFixture = { userId: number; weddingIds: number[] };
export let mine: PlannerFixture;
export let theirs: PlannerFixture;
/** One of `mine`'s weddings with a ceremony and a reception that are not cancelled. */
export let weddingId: number;
/** One of `theirs`'s weddings. */
export let otherWeddingId: number;

export const WEDDING_NOT_FOUND = "This wedding was not found. Nothing was changed.";
export const HOUSEHOLD_CONFLICT =
  "This household was changed by someone else since you opened it. Reload to see their changes.";
export const GUEST_CONFLICT =
  "This guest was changed by someone else since you opened it. Reload to see their changes.";
export const RSVP_CONFLICT = "This RSVP was changed by someone else since you opened it. Reload to see their changes.";
export const notFound = (thing: string) =>
  `This ${thing} was not found: it may have been deleted, or it belongs to another wedding. Nothing was changed.`;
/** A version nobody's row has. */
export const STALE = "2020-01-01T00:00:00.000000Z";

export const planner = (p: PlannerFixture): Identity => ({ kind: "user", userId: p.userId, role: "planner" });

export function setupGuestTestbed(): void {
  let disconnectApp: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.APP_DATABASE_URL = db.appUrl;
    await seedDemoData(db.prisma);
    actions = await import("./actions");
    const { getPrisma } = await import("@/lib/db/client");
    disconnectApp = () => getPrisma().$disconnect();
    const planners = await rows<{ user_id: number; ids: number[] }>(`
      SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
      FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
    mine = { userId: planners[0]!.user_id, weddingIds: planners[0]!.ids };
    theirs = { userId: planners[1]!.user_id, weddingIds: planners[1]!.ids };
    const [w] = await rows<{ wedding_id: number }>(
      `SELECT w.wedding_id FROM wedding w
       WHERE w.wedding_id = ANY($1)
         AND EXISTS (SELECT 1 FROM event e WHERE e.wedding_id = w.wedding_id AND e.status <> 'Cancelled' AND e.event_type = 'Ceremony')
         AND EXISTS (SELECT 1 FROM event e WHERE e.wedding_id = w.wedding_id AND e.status <> 'Cancelled' AND e.event_type = 'Reception')
       ORDER BY w.wedding_id LIMIT 1`,
      [mine.weddingIds],
    );
    weddingId = w!.wedding_id;
    otherWeddingId = theirs.weddingIds[0]!;
  });
  afterAll(async () => {
    await disconnectApp?.();
    await db?.drop();
  });
}

/** FormData as a browser sends it; an array becomes one entry per value (checked boxes). */
export function form(fields: Record<string, string | number | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const v of value) data.append(key, v);
    else data.set(key, String(value));
  }
  return data;
}

export async function rows<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query<T>(sql, params)).rows;
}

/** One row read with the master keys loaded, so encrypted columns can be selected in the clear (GUEST_PHONE). */
export async function oneDecrypted<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await queryDecrypted<T>(db.pool, sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

export { GUEST_PHONE };

export async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

/** Everything a guest-list action could change, across every wedding. */
export async function snapshot() {
  return one(
    `SELECT (SELECT count(*) FROM audit_log) AS audit,
            (SELECT md5(coalesce(string_agg(h::text, '|' ORDER BY household_id), '')) FROM household h) AS households,
            (SELECT md5(coalesce(string_agg(g::text, '|' ORDER BY guest_id), '')) FROM guest g) AS guests,
            (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY rsvp_id), '')) FROM event_rsvp r) AS rsvps`,
  );
}

/** A row's version as the pages give it to forms. */
export async function version(table: "household" | "guest" | "event_rsvp", idColumn: string, id: number) {
  const row = await one<{ v: string }>(
    `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS v FROM ${table} WHERE ${idColumn} = $1`,
    [id],
  );
  return row.v;
}

let counter = 0;

export async function addHousehold(allowance = 0, wedding = weddingId): Promise<number> {
  const result = await actions.createHouseholdAction(
    null,
    form({ weddingId: wedding, name: `Household ${++counter}`, plusOneAllowance: allowance }),
  );
  if (!result.ok) throw new Error(result.error);
  return (result as { householdId: number }).householdId;
}

export async function addGuest(householdId: number, fields: Record<string, string> = {}, wedding = weddingId) {
  const result = await actions.createGuestAction(
    null,
    form({ weddingId: wedding, householdId, fullName: `Guest ${++counter}`, ...fields }),
  );
  if (!result.ok) throw new Error(`${result.error} ${JSON.stringify(result.fieldErrors)}`);
  return (result as { guestId: number }).guestId;
}

/** The first active event of these types in the wedding (meal events by default). */
export async function eventOf(wedding: number, types: string[] = ["Reception", "Dinner", "Rehearsal", "Brunch"]) {
  return one<{ event_id: number; name: string }>(
    `SELECT event_id, name FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' AND event_type::text = ANY($2)
     ORDER BY event_id LIMIT 1`,
    [wedding, types],
  );
}
