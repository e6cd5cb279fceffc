import type pg from "pg";
import { BENCH_TERMS } from "./vocabulary";

// The ids the benchmark draws its random parameters from, read once from a
// loaded benchmark database as its owner (no row-level security, so the
// sample sees everything; the queries then run as the right person). The
// picks are random but deterministic: a seeded generator, so two runs on the
// same data use the same weddings, clients and venues.
//
// The data shape (lib/bench/load.ts): planner n owns weddings (n-1)*50+1 ..
// n*50, client_id = wedding_id, weddings 1..fullWeddings have guests, events,
// RSVPs and budgets, and every wedding has ten bookings on its wedding day.
// The sample checks that shape rather than assuming it: a "full" planner is
// one whose weddings all have guests.

export type BenchTerms = { common: readonly string[]; rare: readonly string[] };

export type BenchPlanner = { userId: number; weddingIds: number[] };
export type BenchWedding = { weddingId: number; clientId: number; plannerUserId: number; date: string };

export type BenchSample = {
  /** Planners whose weddings are all full (guests, events, budgets), with their wedding ids. */
  planners: BenchPlanner[];
  /** Full weddings of those planners. */
  fullWeddings: BenchWedding[];
  /** Any weddings (full or not), for the booking history of their couple. */
  weddings: BenchWedding[];
  /** Venues, a quarter of them among the most popular (lowest ids). */
  venueIds: number[];
  /** The first and last wedding day: where bookings are. */
  weddingDays: { from: string; to: string };
  /** The first and last day of a Pending payment. */
  pendingPaymentDays: { from: string; to: string } | null;
  adminUserId: number;
  terms: BenchTerms;
};

export type SampleOptions = {
  seed?: number;
  /** The vendor search's terms; BENCH_TERMS unless given. */
  terms?: BenchTerms;
  /** How many ids of each kind to draw. */
  size?: number;
};

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list. */
export function pick<T>(rng: () => number, list: readonly T[]): T {
  if (list.length === 0) throw new Error("Nothing to pick from: the benchmark sample is empty.");
  return list[Math.min(list.length - 1, Math.floor(rng() * list.length))]!;
}

/** A day `offset` days after `day` ("YYYY-MM-DD"). */
export function addDays(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A random day in [from, to]. */
export function pickDay(rng: () => number, from: string, to: string): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, Math.floor(rng() * (span + 1)));
}

function distinctInts(rng: () => number, max: number, count: number, popularShare = 0): number[] {
  const chosen = new Set<number>();
  const popular = Math.max(1, Math.floor(max / 20));
  for (let i = 0; chosen.size < Math.min(count, max) && i < count * 20; i++) {
    const range = rng() < popularShare ? popular : max;
    chosen.add(1 + Math.floor(rng() * range));
  }
  return [...chosen].sort((a, b) => a - b);
}

async function one<T>(pool: pg.Pool, text: string, values: unknown[] = []): Promise<T | undefined> {
  return (await pool.query(text, values)).rows[0] as T | undefined;
}

export async function loadBenchSample(pool: pg.Pool, options: SampleOptions = {}): Promise<BenchSample> {
  const rng = seededRandom(options.seed ?? 20261128);
  const size = options.size ?? 200;
  // Read from indexes only (max of an indexed column), never a scan of a big table.
  const full = await one<{ max: number | null }>(pool, "SELECT max(wedding_id) AS max FROM guest");
  if (!full?.max) throw new Error("The benchmark database has no guests: load it first (npm run bench:load).");
  const lastWedding = (await one<{ max: number }>(pool, "SELECT max(wedding_id) AS max FROM wedding"))!.max;

  const { rows: plannerRows } = await pool.query<{ user_id: number; wedding_ids: number[] }>(
    `SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS wedding_ids
     FROM planner p JOIN wedding w USING (planner_id)
     WHERE p.planner_id IN (SELECT planner_id FROM wedding WHERE wedding_id <= $1)
     GROUP BY p.user_id
     HAVING bool_and(EXISTS (SELECT 1 FROM guest g WHERE g.wedding_id = w.wedding_id))
     ORDER BY p.user_id`,
    [full.max],
  );
  if (plannerRows.length === 0) throw new Error("No planner owns only full weddings: the data is not the benchmark's.");
  const plannerIndexes = distinctInts(rng, plannerRows.length, size);
  const planners = plannerIndexes.map((i) => ({
    userId: plannerRows[i - 1]!.user_id,
    weddingIds: plannerRows[i - 1]!.wedding_ids,
  }));

  const weddingsOf = async (ids: number[]) =>
    (
      await pool.query<BenchWedding>(
        `SELECT w.wedding_id AS "weddingId", w.client_id AS "clientId", p.user_id AS "plannerUserId",
                w.wedding_date::text AS date
         FROM wedding w JOIN planner p USING (planner_id) WHERE w.wedding_id = ANY($1::int[]) ORDER BY w.wedding_id`,
        [ids],
      )
    ).rows;
  const fullIds = planners.flatMap((p) => p.weddingIds);
  const fullWeddings = await weddingsOf(distinctInts(rng, fullIds.length, size).map((i) => fullIds[i - 1]!));
  const weddings = await weddingsOf(distinctInts(rng, lastWedding, size));

  const lastVenue = (await one<{ max: number | null }>(pool, "SELECT max(venue_id) AS max FROM venue"))?.max ?? 0;
  const { rows: venueRows } = await pool.query<{ venue_id: number }>(
    "SELECT venue_id FROM venue WHERE venue_id = ANY($1::int[]) ORDER BY venue_id",
    [distinctInts(rng, lastVenue, size, 0.25)],
  );
  const days = (await one<{ from: string; to: string }>(
    pool,
    "SELECT min(wedding_date)::text AS from, max(wedding_date)::text AS to FROM wedding",
  ))!;
  const pending = await one<{ from: string | null; to: string | null }>(
    pool,
    `SELECT (SELECT min(payment_date) FROM payment WHERE payment_status = 'Pending')::text AS from,
            (SELECT max(payment_date) FROM payment WHERE payment_status = 'Pending')::text AS to`,
  );
  const admin = await one<{ user_id: number }>(
    pool,
    "SELECT user_id FROM users WHERE role = 'admin' ORDER BY user_id LIMIT 1",
  );
  if (!admin) throw new Error("The benchmark database has no admin user: the monthly revenue runs as an admin.");
  return {
    planners,
    fullWeddings,
    weddings,
    venueIds: venueRows.map((r) => r.venue_id),
    weddingDays: days,
    pendingPaymentDays: pending?.from && pending.to ? { from: pending.from, to: pending.to } : null,
    adminUserId: admin.user_id,
    terms: options.terms ?? BENCH_TERMS,
  };
}
