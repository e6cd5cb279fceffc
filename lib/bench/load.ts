import pg from "pg";
import { hashPassword } from "@/lib/auth/password-hash";
import { refreshMonthlyRevenue } from "@/lib/jobs/revenue-refresh";
import * as SQL from "./load-sql";
import {
  BENCH_ADMIN_EMAIL,
  BENCH_FIRST_DAY,
  BENCH_LAST_DAY,
  BENCH_PLANNER_PASSWORD,
  SCALES,
  type TScale,
} from "./scales";
import { BUDGET_CATEGORIES, FIRST_NAMES, RARE_WORDS, REGIONS, SURNAMES, VENDOR_WORDS, VENUE_WORDS } from "./vocabulary";

// Fills a migrated, empty database with benchmark data on the server
// (generate_series, set-based INSERT … SELECT): two connections work in
// parallel, one on the weddings' guest trees, one on vendors, bookings and
// payments. Triggers and foreign-key checks are off while loading
// (session_replication_role = replica: the per-row audit trigger would
// serialise every insert on the audit chain's head, and the rows are
// consistent by construction); secondary indexes are dropped first and built
// after each table, then every table is vacuumed and analyzed.

export type LoadProgress =
  | { kind: "start"; step: string; total: number; unit: "rows" | "indexes" | "tables" }
  | { kind: "advance"; step: string; done: number }
  | { kind: "finish"; step: string; seconds: number }
  | { kind: "log"; message: string };

export type LoadOptions = { onProgress?: (event: LoadProgress) => void; chunks?: number };

export type LoadReport = {
  scale: TScale;
  seconds: number;
  rows: Record<string, number>;
  steps: { step: string; seconds: number }[];
};

const STREAM_A_TABLES = [
  "users",
  "planner",
  "client",
  "wedding",
  "household",
  "guest",
  "event",
  "event_rsvp",
  "guest_rsvp_state",
];
const STREAM_B_TABLES = ["venue", "vendor", "booking", "payment", "budget", "expense"];
export const BENCH_TABLES = [...STREAM_A_TABLES, ...STREAM_B_TABLES];

type Stream = { client: pg.Client; name: string };

async function connect(url: string, name: string): Promise<Stream> {
  const client = new pg.Client({ connectionString: url, application_name: `bench-load-${name}` });
  await client.connect();
  // replica: no user triggers (audit, encryption, touch, FK checks) fire.
  await client.query("SET session_replication_role = replica");
  await client.query("SET synchronous_commit = off");
  await client.query("SET maintenance_work_mem = '1GB'");
  await client.query("SET max_parallel_maintenance_workers = 1");
  await client.query("SET work_mem = '256MB'");
  return { client, name };
}

export async function loadBenchData(ownerUrl: string, scale: TScale, options: LoadOptions = {}): Promise<LoadReport> {
  const spec = SCALES[scale];
  const emit = options.onProgress ?? (() => {});
  const chunkCount = options.chunks ?? 40;
  const started = performance.now();
  const steps: LoadReport["steps"] = [];
  const a = await connect(ownerUrl, "a");
  const b = await connect(ownerUrl, "b");
  try {
    const { rows: existing } = await a.client.query<{ n: number }>("SELECT count(*)::int AS n FROM wedding");
    if (existing[0]!.n > 0) throw new Error("The benchmark database already holds weddings: load into an empty one.");

    await a.client.query(SQL.SETUP_SQL);
    await a.client.query(SQL.BOOKING_COST_SQL);
    await a.client.query("SELECT bench_stash_indexes($1::text[], 'load')", [BENCH_TABLES]);
    await a.client.query(SQL.WEDDING_PLAN_SQL, [BENCH_FIRST_DAY, BENCH_LAST_DAY, spec.weddings]);
    await a.client.query("ALTER TABLE bench_wedding ADD PRIMARY KEY (wedding_id)");
    await a.client.query(SQL.TREE_PLAN_SQL, [spec.fullWeddings]);
    await a.client.query("ALTER TABLE bench_plan ADD PRIMARY KEY (w)");
    const { rows: tree } = await a.client.query<{ guests: number; households: number; events: number; rsvps: number }>(
      `SELECT sum(gc)::int AS guests, sum(hc)::int AS households, sum(ec)::int AS events,
              sum(gc * ec)::bigint::float8 AS rsvps FROM bench_plan`,
    );
    const t = tree[0]!;
    const passwordHash = await hashPassword(BENCH_PLANNER_PASSWORD);

    const timed = async (
      step: string,
      total: number,
      unit: "rows" | "indexes" | "tables",
      work: (advance: (n: number) => void) => Promise<void>,
    ) => {
      const t0 = performance.now();
      emit({ kind: "start", step, total, unit });
      await work((done) => emit({ kind: "advance", step, done }));
      const seconds = (performance.now() - t0) / 1000;
      steps.push({ step, seconds });
      emit({ kind: "finish", step, seconds });
    };

    // One statement per chunk of the driving id range, so progress and ETA move.
    const chunked = (s: Stream, step: string, rows: number, lastId: number, sql: string, params: unknown[] = []) =>
      timed(step, rows, "rows", async (advance) => {
        const size = Math.max(1, Math.ceil(lastId / chunkCount));
        let inserted = 0;
        for (let from = 1; from <= lastId; from += size) {
          const to = Math.min(lastId, from + size - 1);
          const result = await s.client.query(sql, [from, to, ...params]);
          inserted += result.rowCount ?? 0;
          advance(Math.min(rows, inserted));
        }
      });

    const indexes = async (s: Stream, table: string) => {
      const { rows } = await s.client.query<{ index_name: string }>(
        "SELECT index_name FROM bench_index_stash WHERE kind = 'load' AND table_name = $1 ORDER BY index_name",
        [table],
      );
      if (rows.length === 0) return;
      await timed(`${table} indexes`, rows.length, "indexes", async (advance) => {
        let done = 0;
        for (const row of rows) {
          await s.client.query("SELECT bench_restore_index($1)", [row.index_name]);
          advance(++done);
        }
      });
    };

    const streamA = async () => {
      await timed("users", spec.planners + 1, "rows", async (advance) => {
        const r = await a.client.query(SQL.INSERT_USERS_SQL, [
          spec.planners,
          FIRST_NAMES,
          SURNAMES,
          passwordHash,
          BENCH_ADMIN_EMAIL,
        ]);
        await a.client.query(SQL.INSERT_PLANNERS_SQL, [spec.planners, SURNAMES]);
        advance(r.rowCount ?? 0);
      });
      await chunked(a, "client", spec.weddings, spec.weddings, SQL.INSERT_CLIENTS_SQL, [FIRST_NAMES, SURNAMES]);
      await indexes(a, "client");
      await chunked(a, "wedding", spec.weddings, spec.weddings, SQL.INSERT_WEDDINGS_SQL, [SURNAMES]);
      await indexes(a, "wedding");
      await chunked(a, "household", t.households, spec.fullWeddings, SQL.INSERT_HOUSEHOLDS_SQL, [SURNAMES]);
      await indexes(a, "household");
      await chunked(a, "guest", t.guests, spec.fullWeddings, SQL.INSERT_GUESTS_SQL, [FIRST_NAMES, SURNAMES]);
      await indexes(a, "guest");
      await chunked(a, "event", t.events, spec.fullWeddings, SQL.INSERT_EVENTS_SQL, [REGIONS]);
      await indexes(a, "event");
      await chunked(a, "event_rsvp", t.rsvps, spec.fullWeddings, SQL.INSERT_RSVPS_SQL);
      await indexes(a, "event_rsvp");
      await chunked(a, "guest_rsvp_state", t.guests, spec.fullWeddings, SQL.INSERT_RSVP_STATE_SQL);
      await indexes(a, "guest_rsvp_state");
    };

    const streamB = async () => {
      await chunked(b, "venue", spec.venues, spec.venues, SQL.INSERT_VENUES_SQL, [
        VENUE_WORDS.adjectives,
        VENUE_WORDS.nouns,
        REGIONS,
      ]);
      await indexes(b, "venue");
      await chunked(b, "vendor", spec.vendors, spec.vendors, SQL.INSERT_VENDORS_SQL, [
        SURNAMES,
        REGIONS,
        VENDOR_WORDS,
        RARE_WORDS,
      ]);
      await indexes(b, "vendor");
      const popularVenues = Math.min(200, Math.floor(spec.venues / 2));
      await chunked(b, "booking", spec.bookings, spec.weddings, SQL.INSERT_BOOKINGS_SQL, [
        spec.weddings,
        spec.venues,
        popularVenues,
        spec.vendors,
        spec.bookingsPerWedding,
      ]);
      await indexes(b, "booking");
      await chunked(b, "payment", spec.payments, spec.weddings, SQL.INSERT_PAYMENTS_SQL, [
        spec.weddings,
        spec.bookingsPerWedding,
      ]);
      await indexes(b, "payment");
      await chunked(
        b,
        "budget",
        spec.fullWeddings * BUDGET_CATEGORIES.length,
        spec.fullWeddings,
        SQL.INSERT_BUDGETS_SQL,
        [BUDGET_CATEGORIES],
      );
      await indexes(b, "budget");
      const { rows: expectedExpenses } = await b.client.query<{ n: number }>(
        "SELECT sum(15 + floor(bench_u(w, 78) * 11))::int AS n FROM bench_plan",
      );
      await chunked(b, "expense", expectedExpenses[0]!.n, spec.fullWeddings, SQL.INSERT_EXPENSES_SQL, [
        BUDGET_CATEGORIES,
        spec.vendors,
      ]);
      await indexes(b, "expense");
    };

    await Promise.all([streamA(), streamB()]);

    // Index-only scans need the visibility map, and the planner needs statistics.
    await Promise.all([vacuum(a, STREAM_A_TABLES, timed), vacuum(b, STREAM_B_TABLES, timed)]);

    await a.client.query("SELECT bench_sync_sequences()");
    const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    try {
      await timed("mv_monthly_revenue", 1, "tables", async (advance) => {
        await refreshMonthlyRevenue({ pool, today: new Date().toISOString().slice(0, 10), log: () => {} } as never);
        advance(1);
      });
    } finally {
      await pool.end();
    }
    await a.client.query("DROP TABLE bench_plan, bench_wedding");

    const { rows: counted } = await a.client.query<{ table_name: string; n: string }>(
      "SELECT table_name, n::text FROM bench_count_rows($1::text[])",
      [BENCH_TABLES],
    );
    const rows: Record<string, number> = {};
    for (const r of counted) rows[r.table_name] = Number(r.n);
    const seconds = (performance.now() - started) / 1000;
    const report: LoadReport = { scale, seconds, rows, steps };
    await a.client.query(
      "INSERT INTO bench_meta (key, value) VALUES ('load', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [JSON.stringify({ ...report, loadedAt: new Date().toISOString() })],
    );
    return report;
  } finally {
    await Promise.allSettled([a.client.end(), b.client.end()]);
  }
}

type Timed = (
  step: string,
  total: number,
  unit: "rows" | "indexes" | "tables",
  work: (advance: (n: number) => void) => Promise<void>,
) => Promise<void>;

// VACUUM takes no parameters and identifiers cannot be bound: one fixed statement per table.
const VACUUM: Record<string, string> = {
  users: "VACUUM (ANALYZE) users",
  planner: "VACUUM (ANALYZE) planner",
  client: "VACUUM (ANALYZE) client",
  wedding: "VACUUM (ANALYZE) wedding",
  household: "VACUUM (ANALYZE) household",
  guest: "VACUUM (ANALYZE) guest",
  event: "VACUUM (ANALYZE) event",
  event_rsvp: "VACUUM (ANALYZE) event_rsvp",
  guest_rsvp_state: "VACUUM (ANALYZE) guest_rsvp_state",
  venue: "VACUUM (ANALYZE) venue",
  vendor: "VACUUM (ANALYZE) vendor",
  booking: "VACUUM (ANALYZE) booking",
  payment: "VACUUM (ANALYZE) payment",
  budget: "VACUUM (ANALYZE) budget",
  expense: "VACUUM (ANALYZE) expense",
};

async function vacuum(s: Stream, tables: string[], timed: Timed) {
  await timed(`vacuum analyze (${s.name})`, tables.length, "tables", async (advance) => {
    let done = 0;
    for (const table of tables) {
      await s.client.query(VACUUM[table]!);
      advance(++done);
    }
  });
}
