import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { readBenchSample, readDatabaseInfo } from "./fixture";
import { readTopAppStatements, resetAppStatements } from "./statements";

// The load test's reads of the benchmark database, on a throwaway database
// with a few bench-shaped rows: which planners and weddings it spreads over,
// the RSVP tokens, and the app role's statements from pg_stat_statements.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const q = (text: string) => db.pool.query(text);
  await q(`INSERT INTO users (user_id, email, name, role, password_hash) VALUES
             (901, 'planner1@bench.wedding', 'One', 'planner', 'x'),
             (902, 'planner2@bench.wedding', 'Two', 'planner', 'x'),
             (903, 'planner3@bench.wedding', 'Three', 'planner', 'x'),
             (904, 'someone@demo.wedding', 'Demo', 'planner', 'x'),
             (905, 'planner5@bench.wedding', 'Disabled', 'planner', 'x')`);
  await q(`UPDATE users SET disabled_at = now() WHERE user_id = 905`);
  await q(
    `INSERT INTO planner (planner_id, user_id) VALUES (901, 901), (902, 902), (903, 903), (904, 904), (905, 905)`,
  );
  await q(`INSERT INTO client (client_id, planner_id, name) VALUES
             (9001, 901, 'A'), (9002, 901, 'B'), (9003, 902, 'C'), (9004, 903, 'D'), (9005, 904, 'E'), (9006, 905, 'F')`);
  // Planner 1: weddings 9001 (guests) and 9002 (none); planner 2: 9003 (guests); planner 3: 9004 (none).
  await q(`INSERT INTO wedding (wedding_id, planner_id, client_id, wedding_name, wedding_date) VALUES
             (9001, 901, 9001, 'W1', '2027-06-05'), (9002, 901, 9002, 'W2', '2027-06-12'),
             (9003, 902, 9003, 'W3', '2027-09-04'), (9004, 903, 9004, 'W4', '2027-09-11'),
             (9005, 904, 9005, 'W5', '2027-09-18'), (9006, 905, 9006, 'W6', '2027-09-25')`);
  await q(`INSERT INTO household (household_id, wedding_id, name) VALUES
             (9001, 9001, 'H1'), (9003, 9003, 'H3'), (9005, 9005, 'H5'), (9006, 9006, 'H6')`);
  await q(`INSERT INTO guest (wedding_id, household_id, full_name)
           SELECT w, w, 'Guest ' || n FROM unnest(ARRAY[9001, 9003, 9005, 9006]) w, generate_series(1, 30) n`);
  await q(`ANALYZE guest`);
});

afterAll(() => db?.drop());

describe("readBenchSample", () => {
  it("takes bench planners that are enabled and have guests, with only their weddings that have guests", async () => {
    const sample = await readBenchSample(db.url, { planners: 10, tokens: 20 });
    expect(sample.planners).toEqual([
      { plannerId: 901, email: "planner1@bench.wedding", weddingIds: [9001] },
      { plannerId: 902, email: "planner2@bench.wedding", weddingIds: [9003] },
    ]);
    expect(sample.rsvpTokens).toHaveLength(20);
    expect(new Set(sample.rsvpTokens).size).toBe(20);
    for (const token of sample.rsvpTokens) expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it("spreads a smaller number of planners and tokens", async () => {
    const sample = await readBenchSample(db.url, { planners: 1, tokens: 3 });
    expect(sample.planners.map((p) => p.plannerId)).toEqual([901]);
    expect(sample.rsvpTokens).toHaveLength(3);
  });

  it("says to load the data when there is none", async () => {
    const empty = await createTestDatabase();
    try {
      await expect(readBenchSample(empty.url, { planners: 5, tokens: 5 })).rejects.toThrow(/npm run bench:load/);
    } finally {
      await empty.drop();
    }
  });

  it("reads the server's version and settings", async () => {
    const info = await readDatabaseInfo(db.url);
    expect(info.postgres).toMatch(/^PostgreSQL 15\./);
    expect(info.maxConnections).toBeGreaterThan(0);
    expect(info.sharedBuffers).toMatch(/B$/);
  });
});

describe("the app role's statements", () => {
  it("are reset for this database and role, then read back with their share of the time", async () => {
    expect(await resetAppStatements(db.url)).toBe(true);
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      for (let i = 0; i < 3; i++) await app.query("SELECT pg_sleep(0.01), $1::int AS n", [i]);
      await app.query("SELECT 1 AS once");
    } finally {
      await app.end();
    }
    const top = await readTopAppStatements(db.url, 5);
    const sleep = top.find((s) => s.query.includes("pg_sleep"));
    expect(sleep?.query).toMatch(/^SELECT pg_sleep\(\$\d\), \$\d::int AS n$/);
    expect(sleep?.calls).toBe(3);
    expect(sleep!.meanMs).toBeGreaterThanOrEqual(10);
    expect(sleep!.share).toBeGreaterThan(0.5);
    // The owner's own statements are not the app's.
    expect(top.some((s) => s.query.includes("INSERT INTO users"))).toBe(false);

    await resetAppStatements(db.url);
    expect((await readTopAppStatements(db.url, 5)).some((s) => s.query.includes("pg_sleep"))).toBe(false);
  });
});
