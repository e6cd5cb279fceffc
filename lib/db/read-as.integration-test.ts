import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import { Prisma } from "@/lib/generated/prisma/client";
import type * as ReadAs from "./read-as";
import type * as WithIdentity from "./with-identity";
import type { Identity } from "./with-identity";

// The lean read path (readAs): one pipelined round trip, still one transaction
// that sets the person's identity first. Row-level security must hold exactly
// as on withIdentity, and no identity may outlive a call on a pooled
// connection: not after success, an error mid-pipeline, or a statement timeout.

let db: TestDatabase;
let r: typeof ReadAs;
let w: typeof WithIdentity;
let pool: ReadAs.ReadPool;
let planners: { identity: Identity; weddingIds: number[] }[];
let guest: { identity: Identity; guestIds: number[] };
let vendor: { identity: Identity; bookingIds: number[] };
let admin: Identity;
let adminId: number;
let allWeddingIds: number[];

const STATEMENT_TIMEOUT_MS = "600";

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  Object.assign(process.env, { APP_DATABASE_URL: db.appUrl, DB_STATEMENT_TIMEOUT_MS: STATEMENT_TIMEOUT_MS });
  r = await import("./read-as");
  w = await import("./with-identity");
  // One connection: every call below reuses the connection the previous one used.
  pool = r.createReadPool({ max: 1, name: "read-test" });

  const ids = async (sql: string, params: unknown[] = []) =>
    (await db.pool.query<{ id: number }>(sql, params)).rows.map((row) => row.id);
  const plannerRows = await db.pool.query<{ user_id: number; planner_id: number }>(
    `SELECT p.user_id, p.planner_id FROM planner p WHERE EXISTS (SELECT 1 FROM wedding w WHERE w.planner_id = p.planner_id)
     ORDER BY p.user_id`,
  );
  planners = await Promise.all(
    plannerRows.rows.map(async (row) => ({
      identity: { kind: "user" as const, userId: row.user_id, role: "planner" as const },
      weddingIds: await ids(`SELECT wedding_id AS id FROM wedding WHERE planner_id = $1 ORDER BY 1`, [row.planner_id]),
    })),
  );
  allWeddingIds = await ids(`SELECT wedding_id AS id FROM wedding ORDER BY 1`);
  const token = (await db.pool.query<{ qr_code: string }>(`SELECT qr_code FROM guest ORDER BY guest_id LIMIT 1`))
    .rows[0]!.qr_code;
  guest = {
    identity: { kind: "guest", guestToken: token },
    guestIds: await ids(
      `SELECT guest_id AS id FROM guest WHERE household_id = (SELECT household_id FROM guest WHERE qr_code = $1) ORDER BY 1`,
      [token],
    ),
  };
  const vendorRow = (
    await db.pool.query<{ user_id: number; vendor_id: number }>(
      `SELECT v.user_id, v.vendor_id FROM vendor v WHERE v.user_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM booking b WHERE b.vendor_id = v.vendor_id) ORDER BY v.vendor_id LIMIT 1`,
    )
  ).rows[0]!;
  vendor = {
    identity: { kind: "user", userId: vendorRow.user_id, role: "vendor" },
    bookingIds: await ids(`SELECT booking_id AS id FROM booking WHERE vendor_id = $1 ORDER BY 1`, [
      vendorRow.vendor_id,
    ]),
  };
  adminId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`))
    .rows[0]!.user_id;
  admin = { kind: "user", userId: adminId, role: "admin" };
});

afterAll(async () => {
  await pool.pool.end();
  await r.getReadPool().pool.end();
  await (await import("./client")).getPrisma().$disconnect();
  await db.drop();
  delete process.env.DB_STATEMENT_TIMEOUT_MS;
});

const weddingIds = Prisma.sql`SELECT wedding_id AS id FROM wedding ORDER BY wedding_id`;
const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

type Leftover = {
  pid: number;
  user_id: string | null;
  role: string | null;
  master_key: string | null;
  weddings: number;
};

/** What a query that skips the helper sees on the pool's (only) connection. */
async function withoutHelper(): Promise<Leftover> {
  const { rows } = await pool.pool.query<Leftover>(`
    SELECT pg_backend_pid() AS pid,
           current_setting('app.user_id', true) AS user_id,
           current_setting('app.role', true) AS role,
           current_setting('app.master_key', true) AS master_key,
           (SELECT count(*)::int FROM wedding) AS weddings`);
  return rows[0]!;
}

function expectNoIdentity(leftover: Leftover, pid: number) {
  expect(leftover.pid, "the same pooled connection").toBe(pid);
  // A custom setting first set in a transaction reads '' afterwards (NULL on a fresh connection).
  expect([leftover.user_id, leftover.role, leftover.master_key]).toEqual(
    leftover.user_id === null ? [null, null, null] : ["", "", ""],
  );
  expect(leftover.weddings).toBe(0);
}

describe("row-level security on the lean path", () => {
  it("shows every planner exactly their own weddings", async () => {
    expect(planners.length).toBeGreaterThanOrEqual(2);
    for (const planner of planners) {
      expect(ids(await r.readAs<{ id: number }>(planner.identity, weddingIds, { pool }))).toEqual(planner.weddingIds);
    }
  });

  it("shows a guest their household only, and a vendor their bookings only", async () => {
    const guests = await r.readAs<{ id: number }>(
      guest.identity,
      Prisma.sql`SELECT guest_id AS id FROM guest ORDER BY guest_id`,
      { pool },
    );
    expect(ids(guests)).toEqual(guest.guestIds);
    expect(guest.guestIds.length).toBeGreaterThan(0);
    const bookings = await r.readAs<{ id: number }>(
      vendor.identity,
      Prisma.sql`SELECT booking_id AS id FROM booking ORDER BY booking_id`,
      { pool },
    );
    expect(ids(bookings)).toEqual(vendor.bookingIds);
    expect(await r.readAs(vendor.identity, Prisma.sql`SELECT 1 FROM guest`, { pool })).toEqual([]);
    expect(ids(await r.readAs<{ id: number }>(admin, weddingIds, { pool }))).toEqual(allWeddingIds);
    expect(await r.readAs(guest.identity, Prisma.sql`SELECT 1 FROM users`, { pool })).toEqual([]);
    expect(await r.readAs({ kind: "guest", guestToken: "no-such-token" }, weddingIds, { pool })).toEqual([]);
  });

  it("answers like withIdentity for the same statements", async () => {
    const planner = planners[0]!.identity;
    const statement = Prisma.sql`SELECT w.wedding_id, w.wedding_date, count(g.guest_id) AS guests
                                 FROM wedding w LEFT JOIN guest g ON g.wedding_id = w.wedding_id
                                 GROUP BY w.wedding_id ORDER BY w.wedding_id`;
    const viaPrisma = await w.withIdentity(planner, (tx) => tx.$queryRaw(statement));
    expect(await r.readAs(planner, statement, { pool })).toEqual(viaPrisma);
  });

  it("runs several statements in one read-only transaction and one snapshot", async () => {
    const [first, second] = await r.readAllAs<[{ at: Date; iso: string; ro: string }[], { at: Date }[]]>(
      planners[0]!.identity,
      [
        Prisma.sql`SELECT now() AS at, current_setting('transaction_isolation') AS iso,
                          current_setting('transaction_read_only') AS ro`,
        Prisma.sql`SELECT now() AS at`,
      ],
      { pool },
    );
    expect(first).toEqual([{ at: second[0]!.at, iso: "repeatable read", ro: "on" }]);
  });
});

describe("prepared reads", () => {
  it("keep a statement prepared on the connection only when asked, and still apply the caller's identity", async () => {
    const { identity, weddingIds } = planners[0]!;
    const own = Prisma.sql`SELECT wedding_id AS id FROM wedding ORDER BY wedding_id`;
    const prepared = Prisma.sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'wp_q_%'`;
    await r.readAs(identity, own, { pool });
    expect(await r.readAs<{ n: number }>(identity, prepared, { pool })).toEqual([{ n: 0 }]);
    for (let i = 0; i < 7; i++) {
      const rows = await r.readAs<{ id: number }>(identity, own, { pool, prepared: true });
      expect(rows.map((row) => row.id)).toEqual([...weddingIds].sort((a, b) => a - b));
    }
    expect(await r.readAs<{ n: number }>(identity, prepared, { pool })).toEqual([{ n: 1 }]);
    // The same prepared statement as another planner shows that planner's rows.
    const other = planners[1]!;
    const rows = await r.readAs<{ id: number }>(other.identity, own, { pool, prepared: true });
    expect(rows.map((row) => row.id)).toEqual([...other.weddingIds].sort((a, b) => a - b));
  });

  it("plan a prepared read once, generically, from its first run, and leave other reads as they were", async () => {
    const { identity } = planners[0]!;
    const own = Prisma.sql`SELECT wedding_id AS id FROM wedding WHERE wedding_id > ${0}::int ORDER BY wedding_id`;
    const plans = Prisma.sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom
                             FROM pg_prepared_statements WHERE statement = ${own.text}`;
    for (let i = 0; i < 3; i++) await r.readAs(identity, own, { pool, prepared: true });
    expect(await r.readAs(identity, plans, { pool })).toEqual([{ generic: 3, custom: 0 }]);
    // Transaction-local: the next read plans as the server is configured.
    const mode = Prisma.sql`SELECT current_setting('plan_cache_mode') AS mode`;
    expect(await r.readAs(identity, mode, { pool })).toEqual([{ mode: "auto" }]);
  });
});

describe("no identity outlives a call on a pooled connection", () => {
  it("after a read", async () => {
    const { pid } = await withoutHelper();
    expect(ids(await r.readAs<{ id: number }>(admin, weddingIds, { pool }))).toEqual(allWeddingIds);
    expectNoIdentity(await withoutHelper(), pid);
  });

  it("after an error mid-pipeline, which rolls the whole transaction back", async () => {
    const { pid } = await withoutHelper();
    // A session-wide setting (not transaction-local) survives a COMMIT, so only the rollback can undo it.
    const sneaky = Prisma.sql`SELECT set_config('app.user_id', ${String(adminId)}, false),
                                     set_config('app.role', 'admin', false)`;
    await expect(
      r.readAllAs(admin, [sneaky, Prisma.sql`SELECT 1 / ${0}::int AS boom`, weddingIds], { pool }),
    ).rejects.toThrow(/division by zero/);
    expectNoIdentity(await withoutHelper(), pid);
  });

  it("after a statement timeout", async () => {
    const { pid } = await withoutHelper();
    const started = Date.now();
    await expect(r.readAs(planners[0]!.identity, Prisma.sql`SELECT pg_sleep(2)`, { pool })).rejects.toThrow(
      /statement timeout/,
    );
    expect(Date.now() - started).toBeLessThan(1_800);
    expectNoIdentity(await withoutHelper(), pid);
    // And the connection still serves the next person correctly.
    const planner = planners[1]!;
    expect(ids(await r.readAs<{ id: number }>(planner.identity, weddingIds, { pool }))).toEqual(planner.weddingIds);
  });

  it("takes one statement per Prisma.sql, never a script", async () => {
    await expect(
      r.readAs(planners[0]!.identity, Prisma.sql`SELECT 1; SELECT set_config('app.role', 'admin', false)`, { pool }),
    ).rejects.toThrow(/multiple commands/);
    expect((await withoutHelper()).role).not.toBe("admin");
  });

  it("refuses to write, and leaves nothing behind", async () => {
    const before = (await db.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n as number;
    await expect(
      r.readAs(admin, Prisma.sql`UPDATE wedding SET status = status WHERE wedding_id = ${allWeddingIds[0]!}`, {
        pool,
      }),
    ).rejects.toThrow(/read-only transaction/);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(before);
    expect((await withoutHelper()).weddings).toBe(0);
  });

  it("keeps 200 interleaved calls of different people on 2 connections apart", async () => {
    const shared = r.createReadPool({ max: 2, name: "read-test-2" });
    try {
      const people = [
        ...planners.map((p) => ({ identity: p.identity, expected: p.weddingIds })),
        { identity: admin, expected: allWeddingIds },
        { identity: vendor.identity, expected: null },
        { identity: guest.identity, expected: null },
      ];
      const calls = Array.from({ length: 200 }, async (_, i) => {
        const person = people[i % people.length]!;
        const [seen, who] = await r.readAllAs<[{ id: number }[], { user_id: string; role: string }[]]>(
          person.identity,
          [
            weddingIds,
            Prisma.sql`SELECT current_setting('app.user_id') AS user_id, current_setting('app.role') AS role`,
          ],
          { pool: shared },
        );
        const identity = person.identity;
        expect(who[0]).toEqual(
          identity.kind === "user"
            ? { user_id: String(identity.userId), role: identity.role }
            : { user_id: "", role: "guest" },
        );
        if (person.expected) expect(ids(seen)).toEqual(person.expected);
        else expect(seen.length).toBeLessThan(allWeddingIds.length);
      });
      await Promise.all(calls);
      expect(shared.pool.totalCount).toBeLessThanOrEqual(2);
      const { rows } = await shared.pool.query(`SELECT count(*)::int AS n FROM wedding`);
      expect(rows[0].n).toBe(0);
    } finally {
      await shared.pool.end();
    }
  });
});

describe("the identity statement", () => {
  it("never puts the master key into pg_stat_statements", async () => {
    const { getKeyring } = await import("@/lib/crypto/keyring");
    const key = getKeyring().current.secret;
    await db.pool.query(`SELECT pg_stat_statements_reset()`);
    await r.readAs(planners[0]!.identity, weddingIds, { pool });
    const { rows } = await db.pool.query<{ query: string }>(
      `SELECT query FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    // Tracked, the key as a placeholder ($4). The constants are placeholders too when the statement
    // was parsed after the reset, and stay as written when a connection had prepared it before.
    expect(rows.some((row) => /set_config\((\$\d+|'app\.master_key'), \$4, (\$\d+|true)\)/.test(row.query))).toBe(true);
    expect(rows.filter((row) => row.query.includes(key))).toEqual([]);
  });
});

describe("results", () => {
  it("have the types $queryRaw gives, in any time zone", async () => {
    const statement = Prisma.sql`SELECT 1::int2 AS i2, 2::int4 AS i4, 3::int8 AS i8, 2.5::float8 AS f8,
      12.30::numeric(12,2) AS money, true AS b, '2025-06-07'::date AS d, '2025-06-07 10:11:12.345+02'::timestamptz AS tz,
      '2025-06-07 10:11:12.345'::timestamp AS ts, '10:11:12'::time AS t, '{"a":[1]}'::jsonb AS jb, 'x'::text AS tx,
      'planner'::user_role AS en, ARRAY[1,2]::int8[] AS i8s, ARRAY[1.5, NULL]::numeric[] AS nums,
      ARRAY['2025-01-02'::date] AS ds, '\\x0102'::bytea AS bytes, count(*) AS n, sum(1.25) AS total, NULL::int AS nothing,
      ${new Date("2025-06-07T00:00:00Z")}::date::text AS date_param, ${new Prisma.Decimal("19.99")}::numeric AS dec_param,
      ${12345678901234n}::int8 AS big_param, ${[new Prisma.Decimal("1.10"), new Prisma.Decimal("2")]}::numeric[] AS decs,
      ${new Date("2025-06-07T23:30:00Z")}::timestamptz AS ts_param`;
    const planner = planners[0]!.identity;
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const viaPrisma = await w.withIdentity(planner, (tx) => tx.$queryRaw<Record<string, unknown>[]>(statement));
      const lean = await r.readAs<Record<string, unknown>>(planner, statement, { pool });
      expect(lean).toEqual(viaPrisma);
      expect(lean[0]).toMatchObject({ i8: 3n, d: new Date("2025-06-07T00:00:00Z"), date_param: "2025-06-07" });
      expect(lean[0]!.money).toBeInstanceOf(Prisma.Decimal);
      expect(String(lean[0]!.dec_param)).toBe("19.99");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("the app's read pool", () => {
  it("reads APP_DATABASE_URL with the interactive statement timeout, and shows in the metrics", async () => {
    const rows = await r.readAs<{ timeout: string; app: string }>(
      admin,
      Prisma.sql`SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') AS app`,
    );
    expect(rows).toEqual([{ timeout: `${STATEMENT_TIMEOUT_MS}ms`, app: "wedding-planner-read" }]);
    const { renderMetrics } = await import("@/lib/metrics/registry");
    const { body } = await renderMetrics();
    expect(body).toMatch(/db_pool_max_connections\{pool="read"\} \d+/);
    expect(body).toMatch(/db_query_duration_seconds_count\{pool="read"\} [1-9]/);
  });
});
