import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// The health_* functions at the SQL level, as the app's runtime role: an admin
// identity gets real figures, a planner or no identity gets nothing (and an
// error for a reset), and the app role itself gains no monitoring privilege.

let db: TestDatabase;
let app: pg.Pool;
let adminId: number;
let plannerId: number;

type Settings = { userId?: number; role?: string };
const admin = (): Settings => ({ userId: adminId, role: "admin" });
const planner = (): Settings => ({ userId: plannerId, role: "planner" });

async function as<T>(settings: Settings, fn: (client: pg.PoolClient) => Promise<T>, commit = false): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true)", [
      settings.userId === undefined ? "" : String(settings.userId),
      settings.role ?? "",
    ]);
    const result = await fn(client);
    await client.query(commit ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

const READS = [
  "SELECT * FROM health_server()",
  "SELECT * FROM health_top_queries(100)",
  "SELECT * FROM health_indexes()",
  "SELECT * FROM health_tables()",
  "SELECT * FROM health_bloat()",
  "SELECT * FROM health_long_queries(0)",
  "SELECT * FROM health_lock_waits()",
];

/** Makes this backend's counters visible to the others at its next commit (PostgreSQL 15). */
async function flushStats(client: pg.Pool | pg.PoolClient) {
  await client.query("SELECT pg_stat_force_next_flush()");
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = new pg.Pool({ connectionString: db.appUrl, max: 4 });
  const users = await db.pool.query<{ user_id: number; role: string }>(
    `INSERT INTO users (email, name, role) VALUES ('ada@example.test', 'Ada Admin', 'admin'),
       ('pia@example.test', 'Pia Planner', 'planner') RETURNING user_id, role`,
  );
  adminId = users.rows.find((u) => u.role === "admin")!.user_id;
  plannerId = users.rows.find((u) => u.role === "planner")!.user_id;
  await db.pool.query("INSERT INTO planner (user_id, company_name) VALUES ($1, 'Pia Weddings')", [plannerId]);
});

afterAll(async () => {
  await app.end();
  await db.drop();
});

describe("privileges", () => {
  it("leaves the app role without superuser, BYPASSRLS or any monitoring role", async () => {
    const { rows } = await db.pool.query(
      `SELECT r.rolsuper, r.rolbypassrls,
              pg_has_role('wedding_app', 'pg_monitor', 'MEMBER') AS monitor,
              pg_has_role('wedding_app', 'pg_read_all_stats', 'MEMBER') AS read_all_stats,
              pg_has_role('wedding_app', 'wedding_monitor', 'MEMBER') AS wedding_monitor
       FROM pg_roles r WHERE r.rolname = 'wedding_app'`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      monitor: false,
      read_all_stats: false,
      wedding_monitor: false,
    });
    const monitor = await db.pool.query(
      `SELECT rolsuper, rolbypassrls, rolcanlogin, pg_has_role('wedding_monitor', 'pg_monitor', 'MEMBER') AS monitor
       FROM pg_roles WHERE rolname = 'wedding_monitor'`,
    );
    expect(monitor.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false, monitor: true });
  });

  it("has every health function owned by wedding_monitor, security definer, with an empty search_path, for the app only", async () => {
    const { rows } = await db.pool.query(
      `SELECT p.proname, pg_get_userbyid(p.proowner) AS owner, p.prosecdef, p.proconfig,
              has_function_privilege('wedding_app', p.oid, 'EXECUTE') AS app,
              has_function_privilege('planner_role', p.oid, 'EXECUTE') AS other
       FROM pg_proc p WHERE p.proname LIKE 'health\\_%' AND p.proname <> 'health_mask_literals' ORDER BY 1`,
    );
    expect(rows.map((r) => r.proname)).toEqual([
      "health_bloat",
      "health_indexes",
      "health_lock_waits",
      "health_long_queries",
      "health_record_sample",
      "health_reset",
      "health_server",
      "health_statements_state",
      "health_tables",
      "health_top_queries",
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        owner: "wedding_monitor",
        prosecdef: true,
        proconfig: ['search_path=""'],
        app: true,
      });
      expect(row.other).toBe(false);
    }
  });

  it("does not let the app role read other sessions' query text by itself", async () => {
    const hidden = await as(planner(), async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename <> current_user AND query = '<insufficient privilege>'`,
      );
      return rows[0]!.n;
    });
    expect(hidden).toBeGreaterThan(0);
  });
});

describe("anyone but an admin", () => {
  it.each([
    ["a planner", planner],
    ["no identity", () => ({})],
    ["a role setting without a user", () => ({ role: "admin" })],
  ])("%s gets zero rows from every reading", async (_name, who) => {
    for (const sql of READS) {
      const count = await as(who(), async (client) => (await client.query(sql)).rowCount);
      expect(count, sql).toBe(0);
    }
  });

  it("records no sample and may not reset anything", async () => {
    const sample = await as(planner(), async (client) => {
      const { rows } = await client.query("SELECT health_record_sample(50, 1) AS id");
      return rows[0].id;
    });
    expect(sample).toBeNull();
    for (const target of ["statements", "database"]) {
      await expect(
        as(planner(), (client) => client.query("SELECT health_reset($1)", [target]), true),
      ).rejects.toMatchObject({
        code: "42501",
      });
    }
    const { rows } = await db.pool.query(
      "SELECT (SELECT count(*) FROM db_health_sample)::int AS samples, (SELECT count(*) FROM db_stats_reset)::int AS resets",
    );
    expect(rows[0]).toEqual({ samples: 0, resets: 0 });
  });

  it("cannot read the sample and reset tables directly either", async () => {
    await db.pool.query(
      "INSERT INTO db_health_sample (connections, max_connections, active_queries, lock_waits, deadlocks) VALUES (1, 100, 0, 0, 0)",
    );
    try {
      const seen = await as(
        planner(),
        async (client) => (await client.query("SELECT * FROM db_health_sample")).rowCount,
      );
      expect(seen).toBe(0);
      await expect(
        as(admin(), (client) =>
          client.query(
            "INSERT INTO db_health_sample (connections, max_connections, active_queries, lock_waits, deadlocks) VALUES (1, 1, 0, 0, 0)",
          ),
        ),
      ).rejects.toMatchObject({ code: "42501" });
    } finally {
      await db.pool.query("DELETE FROM db_health_sample");
    }
  });
});

describe("an admin", () => {
  it("reads the server's figures", async () => {
    await as(
      admin(),
      async (client) => {
        await client.query("SELECT count(*) FROM users");
        await flushStats(client);
      },
      true,
    );
    const server = await as(admin(), async (client) => (await client.query("SELECT * FROM health_server()")).rows[0]);
    expect(server.statements_state).toBe("ok");
    expect(server.bloat_available).toBe(true);
    expect(server.connections).toBeGreaterThan(0);
    expect(server.max_connections).toBeGreaterThan(server.connections);
    expect(Number(server.heap_hits) + Number(server.heap_reads)).toBeGreaterThan(0);
    expect(Number(server.cache_hit_pct)).toBeGreaterThanOrEqual(0);
    expect(Number(server.cache_hit_pct)).toBeLessThanOrEqual(100);
    expect(server.replicas).toBe(0);
    expect(server.replication_lag_s).toBeNull();
    expect(server.is_standby).toBe(false);
  });

  it("sees this database's top queries, with literals masked", async () => {
    // A utility statement is stored with its literal (pg_stat_statements does not normalise it).
    await db.pool.query("ALTER ROLE reporting_readonly PASSWORD 'top-secret-password-123'");
    await db.pool.query("ALTER ROLE reporting_readonly PASSWORD NULL");
    await as(admin(), (client) => client.query("SELECT email FROM users WHERE email = $1", ["ada@example.test"]));
    const rows = await as(
      admin(),
      async (client) => (await client.query("SELECT * FROM health_top_queries(100)")).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.query.includes("SELECT email FROM users WHERE email = $1") && Number(r.calls) >= 1)).toBe(
      true,
    );
    expect(rows.some((r) => r.query.includes("PASSWORD '…'"))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("top-secret-password-123");
    // Capped at 100 rows, at least 1.
    const one = await as(
      admin(),
      async (client) => (await client.query("SELECT * FROM health_top_queries(0)")).rowCount,
    );
    expect(one).toBe(1);
  });

  it("rolls index use up from partition copies to the partitioned index, and flags what enforces a rule", async () => {
    await db.pool.query(`SET enable_seqscan = off`);
    await db.pool.query(`SELECT * FROM booking WHERE client_id = 1 AND booking_date >= '2025-01-01'`);
    await db.pool.query(`SELECT * FROM guest WHERE wedding_id = 1`);
    await db.pool.query(`RESET enable_seqscan`);
    await flushStats(db.pool);
    await db.pool.query("SELECT 1");
    const rows = await as(admin(), async (client) => (await client.query("SELECT * FROM health_indexes()")).rows);
    const byName = new Map(rows.map((r) => [r.index_name, r]));
    expect(rows.some((r) => /^booking_20\d\d/.test(r.index_name) || /^payment_20\d\d/.test(r.index_name))).toBe(false);
    expect(byName.get("idx_client_booking_date")).toMatchObject({ table_name: "booking", is_unique: false });
    expect(byName.get("idx_client_booking_date").partitions).toBeGreaterThan(10);
    expect(Number(byName.get("idx_guest_wedding").scans)).toBeGreaterThanOrEqual(1);
    expect(byName.get("booking_pkey")).toMatchObject({ is_primary: true, is_unique: true });
    expect(byName.get("booking_venue_day_key")).toMatchObject({ is_unique: true });
    const tables = await as(admin(), async (client) => (await client.query("SELECT * FROM health_tables()")).rows);
    const booking = tables.find((t) => t.table_name === "booking");
    expect(booking.partitions).toBeGreaterThan(10);
    expect(tables.some((t) => /^booking_20/.test(t.table_name))).toBe(false);
    expect(tables.find((t) => t.table_name === "users").partitions).toBe(0);
  });

  it("measures bloat with pgstattuple, named after the partitioned parents", async () => {
    const rows = await as(admin(), async (client) => (await client.query("SELECT * FROM health_bloat()")).rows);
    expect(rows.some((r) => r.kind === "table" && r.relation_name === "users")).toBe(true);
    expect(rows.some((r) => r.kind === "index" && r.relation_name === "users_pkey" && r.table_name === "users")).toBe(
      true,
    );
    expect(rows.filter((r) => r.relation_name === "booking").length).toBeGreaterThan(10);
    expect(rows.some((r) => /^booking_20/.test(r.relation_name))).toBe(false);
    for (const row of rows) expect(Number(row.bytes)).toBeGreaterThanOrEqual(0);
  });

  it("sees a long-running statement, its literals masked, but not its own query", async () => {
    const sleeper = new pg.Client({ connectionString: db.url, application_name: "sleeper" });
    await sleeper.connect();
    try {
      const running = sleeper.query("SELECT pg_sleep(2.5), 'a-literal-secret'");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const rows = await as(
        admin(),
        async (client) => (await client.query("SELECT * FROM health_long_queries(1)")).rows,
      );
      const row = rows.find((r) => r.application_name === "sleeper");
      expect(row).toMatchObject({ state: "active", query: "SELECT pg_sleep(2.5), '…'" });
      expect(Number(row.duration_s)).toBeGreaterThanOrEqual(1);
      expect(rows.some((r) => r.query.includes("health_long_queries"))).toBe(false);
      const none = await as(
        admin(),
        async (client) => (await client.query("SELECT * FROM health_long_queries(60)")).rowCount,
      );
      expect(none).toBe(0);
      await running;
    } finally {
      await sleeper.end();
    }
  });

  it("sees who waits for whom", async () => {
    const holder = new pg.Client({ connectionString: db.url, application_name: "holder" });
    const waiters = [1, 2].map(
      (i) => new pg.Client({ connectionString: db.url, application_name: `waiter-${i}`, statement_timeout: 10_000 }),
    );
    await Promise.all([holder, ...waiters].map((c) => c.connect()));
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE venue IN ACCESS EXCLUSIVE MODE");
      const holderPid = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
      const blocked = waiters.map((c) => c.query("SELECT count(*) FROM venue"));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rows = await as(admin(), async (client) => (await client.query("SELECT * FROM health_lock_waits()")).rows);
      expect(rows.find((r) => r.pid === holderPid)).toMatchObject({ blocked_by: [], application_name: "holder" });
      const waiting = rows.filter((r) => r.application_name.startsWith("waiter-"));
      expect(waiting).toHaveLength(2);
      for (const row of waiting) {
        expect(row.blocked_by).toContain(holderPid);
        expect(row.wait_event_type).toBe("Lock");
        expect(Number(row.waiting_s)).toBeGreaterThanOrEqual(0);
      }
      await holder.query("ROLLBACK");
      await Promise.all(blocked);
    } finally {
      await Promise.all([holder, ...waiters].map((c) => c.end()));
    }
  });

  it("records a sample and prunes samples older than 7 days", async () => {
    await db.pool.query(
      `INSERT INTO db_health_sample (sampled_at, connections, max_connections, active_queries, lock_waits, deadlocks)
       VALUES (now() - interval '8 days', 1, 100, 0, 0, 0)`,
    );
    const id = await as(
      admin(),
      async (client) => (await client.query("SELECT health_record_sample(12.345, 150) AS id")).rows[0].id,
      true,
    );
    expect(id).not.toBeNull();
    const { rows } = await db.pool.query("SELECT * FROM db_health_sample");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cpu_pct: "12.35", io_queue_depth: "150.00" });
    expect(rows[0].connections).toBeGreaterThan(0);
  });

  it("resets statistics, and the audit log records who did it", async () => {
    await as(admin(), (client) => client.query("SELECT health_reset('statements')"), true);
    const before = await db.pool.query("SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()");
    await as(admin(), (client) => client.query("SELECT health_reset('database')"), true);
    const after = await db.pool.query("SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()");
    expect(after.rows[0].stats_reset).not.toEqual(before.rows[0].stats_reset);

    const resets = await db.pool.query("SELECT target, reset_by FROM db_stats_reset ORDER BY reset_id");
    expect(resets.rows).toEqual([
      { target: "statements", reset_by: adminId },
      { target: "database", reset_by: adminId },
    ]);
    const audit = await db.pool.query(
      "SELECT operation, changed_by, new_values->>'target' AS target FROM audit_log WHERE table_name = 'db_stats_reset' ORDER BY log_id",
    );
    expect(audit.rows).toEqual([
      { operation: "INSERT", changed_by: `user:${adminId}`, target: "statements" },
      { operation: "INSERT", changed_by: `user:${adminId}`, target: "database" },
    ]);
  });

  it("refuses an unknown reset target", async () => {
    await expect(as(admin(), (client) => client.query("SELECT health_reset('everything')"))).rejects.toMatchObject({
      code: "22023",
    });
  });
});
