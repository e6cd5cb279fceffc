import pg from "pg";
import { clientAddress, type TLoadtestFixture } from "./scenarios";

// What the load test spreads its requests over, read from the benchmark
// database as its owner: bench planners (evenly spread over those whose
// weddings have guests, so every guest list and overview has content), their
// weddings with guests, and a random sample of guest RSVP tokens.

export type TPlannerAccount = { plannerId: number; email: string; weddingIds: number[] };

export type TBenchSample = { planners: TPlannerAccount[]; rsvpTokens: string[] };

export class FixtureError extends Error {}

/** `wanted` items evenly spread over `items`, first and last included. */
export function spread<T>(items: readonly T[], wanted: number): T[] {
  if (wanted >= items.length) return [...items];
  if (wanted <= 1) return items.slice(0, Math.max(0, wanted));
  return Array.from({ length: wanted }, (_, i) => items[Math.round((i * (items.length - 1)) / (wanted - 1))]!);
}

export async function readBenchSample(
  ownerUrl: string,
  wanted: { planners: number; tokens: number },
): Promise<TBenchSample> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "wedding-planner-loadtest" });
  await client.connect();
  try {
    // Bench accounts only, without MFA (the load test signs in with the password alone).
    const { rows } = await client.query<{ planner_id: number; email: string; wedding_ids: number[] | null }>(
      `SELECT p.planner_id, u.email,
              array_agg(w.wedding_id ORDER BY w.wedding_id)
                FILTER (WHERE EXISTS (SELECT 1 FROM guest g WHERE g.wedding_id = w.wedding_id)) AS wedding_ids
         FROM planner p
         JOIN users u ON u.user_id = p.user_id
         JOIN wedding w ON w.planner_id = p.planner_id
        WHERE u.email LIKE '%@bench.wedding' AND u.disabled_at IS NULL AND u.mfa_enabled_at IS NULL
        GROUP BY p.planner_id, u.email
        ORDER BY p.planner_id`,
    );
    const withGuests = rows
      .filter((row) => row.wedding_ids && row.wedding_ids.length > 0)
      .map((row) => ({ plannerId: row.planner_id, email: row.email, weddingIds: row.wedding_ids! }));
    if (withGuests.length === 0) {
      throw new FixtureError(
        "The benchmark database has no bench planner with guests. Load it first: npm run bench:load -- --scale …",
      );
    }

    const estimate = await client.query<{ n: string }>(
      `SELECT greatest(reltuples, 0)::bigint::text AS n FROM pg_class WHERE oid = 'public.guest'::regclass`,
    );
    const guests = Number(estimate.rows[0]?.n ?? 0);
    // A Bernoulli sample larger than needed, so the tokens come from all over the
    // table: half again, plus 100 rows, because a sample of a few rows is often
    // short (for 3 tokens, 1.5× alone came back with fewer about one time in six).
    const sample = (percent: number) =>
      client.query<{ qr_code: string }>(
        `SELECT qr_code FROM (SELECT qr_code FROM guest TABLESAMPLE BERNOULLI ($1::float8)) sample
          ORDER BY random() LIMIT $2`,
        [percent, wanted.tokens],
      );
    const percent = guests > 0 ? Math.min(100, ((wanted.tokens * 1.5 + 100) / guests) * 100) : 100;
    let tokens = await sample(percent);
    // Still short (or the estimate was stale): the whole table.
    if (tokens.rows.length < wanted.tokens && percent < 100) tokens = await sample(100);
    if (tokens.rows.length === 0)
      throw new FixtureError("The benchmark database has no guests to take RSVP tokens from.");
    return { planners: spread(withGuests, wanted.planners), rsvpTokens: tokens.rows.map((row) => row.qr_code) };
  } finally {
    await client.end();
  }
}

export type TDatabaseInfo = { postgres: string; maxConnections: number; sharedBuffers: string };

export async function readDatabaseInfo(ownerUrl: string): Promise<TDatabaseInfo> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "wedding-planner-loadtest" });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; max_connections: string; shared_buffers: string }>(
      `SELECT current_setting('server_version') AS version,
              current_setting('max_connections') AS max_connections,
              current_setting('shared_buffers') AS shared_buffers`,
    );
    const row = rows[0]!;
    return {
      postgres: `PostgreSQL ${row.version}`,
      maxConnections: Number(row.max_connections),
      sharedBuffers: row.shared_buffers,
    };
  } finally {
    await client.end();
  }
}

/** Signed-in planners and the rest of the fixture; each planner gets its own client address. */
export function toFixture(
  sessions: { account: TPlannerAccount; cookie: string }[],
  rsvpTokens: string[],
  terms: TLoadtestFixture["terms"],
): TLoadtestFixture {
  return {
    planners: sessions.map(({ account, cookie }, index) => ({
      plannerId: account.plannerId,
      cookie,
      weddingIds: account.weddingIds,
      address: clientAddress(index),
    })),
    terms,
    rsvpTokens,
  };
}
