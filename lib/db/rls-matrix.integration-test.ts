import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

// Row-level security, proven at the database as the app's runtime role
// (wedding_app): for every tenant table and every kind of person. Isolation must
// hold even when application code forgets a filter, so these queries have none.

type Settings = { userId?: string; role?: string; guestToken?: string };

const TENANT_TABLES = [
  "users",
  "planner",
  "client",
  "wedding",
  "household",
  "guest",
  "event",
  "event_rsvp",
  "budget",
  "expense",
  "venue",
  "vendor",
  "vendor_package",
  "booking",
  "payment",
  "audit_log",
  "mfa_recovery_code",
] as const;
const WEDDING_TABLES = [
  "household",
  "guest",
  "event",
  "event_rsvp",
  "budget",
  "expense",
  "booking",
  "payment",
] as const;

let db: TestDatabase;
let app: pg.Pool;
let planners: { userId: number; plannerId: number; weddingIds: number[] }[];
let vendorUserId: number;
let adminUserId: number;

async function as<T>(settings: Settings, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.guest_token', $3, true)",
      [settings.userId ?? "", settings.role ?? "", settings.guestToken ?? ""],
    );
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const count = async (client: pg.PoolClient, sql: string, params: unknown[] = []) =>
  Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`, params)).rows[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 4 });
  const { rows } = await db.pool.query<{ user_id: number; planner_id: number; wedding_ids: number[] }>(`
    SELECT p.user_id, p.planner_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS wedding_ids
    FROM planner p JOIN wedding w ON w.planner_id = p.planner_id GROUP BY p.user_id, p.planner_id ORDER BY p.user_id`);
  planners = rows.map((r) => ({ userId: r.user_id, plannerId: r.planner_id, weddingIds: r.wedding_ids }));
  vendorUserId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'vendor' LIMIT 1`))
    .rows[0]!.user_id;
  adminUserId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`))
    .rows[0]!.user_id;
});
afterAll(async () => {
  await app.end();
  await db.drop();
});

describe("the runtime role", () => {
  it("is neither a superuser nor BYPASSRLS, and owns no table", async () => {
    const role = await db.pool.query(
      `SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'wedding_app'`,
    );
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: true }]);
    const owned = await db.pool.query(`SELECT relname FROM pg_class WHERE relowner = 'wedding_app'::regrole`);
    expect(owned.rows).toEqual([]);
    const who = await app.query<{ current_user: string }>("SELECT current_user");
    expect(who.rows[0]!.current_user).toBe("wedding_app");
  });

  it("meets row-level security ENABLEd and FORCEd on every tenant table", async () => {
    const { rows } = await db.pool.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [TENANT_TABLES],
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it("forces row-level security on every table the app role can read, and shows it nothing without an identity", async () => {
    const { rows } = await db.pool.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND has_table_privilege('wedding_app', c.oid, 'SELECT')
        AND c.relname NOT IN ('_prisma_migrations')
      ORDER BY c.relname`);
    // Every table added since the tenant list above was written is covered too (consent, data_key, proposals, jobs…).
    expect(rows.length).toBeGreaterThan(TENANT_TABLES.length + 10);
    for (const row of rows) {
      expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      await as({}, async (c) => expect(await count(c, `SELECT 1 FROM ${row.relname}`), row.relname).toBe(0));
    }
  });

  it("has no privilege on any partition, so no query can skip the parent's policies", async () => {
    const { rows } = await db.pool.query(`
      SELECT c.relname FROM pg_class c
      WHERE c.relispartition AND (has_table_privilege('wedding_app', c.oid, 'SELECT')
         OR has_table_privilege('wedding_app', c.oid, 'INSERT') OR has_table_privilege('wedding_app', c.oid, 'UPDATE'))`);
    expect(rows).toEqual([]);
    await expect(app.query("SELECT * FROM booking_2027_q2")).rejects.toThrow(/permission denied/);
  });
});

describe("with no identity set", () => {
  for (const table of TENANT_TABLES) {
    it(`${table} shows zero rows`, async () => {
      const owner = Number((await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      if (table !== "mfa_recovery_code" && table !== "audit_log")
        expect(owner, "the seed filled it").toBeGreaterThan(0);
      await as({}, async (c) => expect(await count(c, `SELECT 1 FROM ${table}`)).toBe(0));
      // A role without a user id is not enough to be an admin.
      await as({ role: "admin" }, async (c) => expect(await count(c, `SELECT 1 FROM ${table}`)).toBe(0));
    });
  }
});

describe("planner A against planner B", () => {
  const a = () => planners[0]!;
  const b = () => planners[1]!;
  const asA = <T>(fn: (c: pg.PoolClient) => Promise<T>) => as({ userId: String(a().userId), role: "planner" }, fn);

  it("sees all of A's weddings and none of B's", async () => {
    await asA(async (c) => {
      const seen = (await c.query<{ wedding_id: number }>("SELECT wedding_id FROM wedding ORDER BY wedding_id")).rows;
      expect(seen.map((r) => r.wedding_id)).toEqual(a().weddingIds);
    });
  });

  for (const table of WEDDING_TABLES) {
    it(`${table}: sees none of B's rows and cannot update, delete or insert them`, async () => {
      const theirs = Number(
        (await db.pool.query(`SELECT count(*) AS n FROM ${table} WHERE wedding_id = ANY($1)`, [b().weddingIds])).rows[0]
          .n,
      );
      expect(theirs).toBeGreaterThan(0);
      await asA(async (c) => {
        expect(await count(c, `SELECT 1 FROM ${table} WHERE wedding_id = ANY($1)`, [b().weddingIds])).toBe(0);
        expect(await count(c, `SELECT 1 FROM ${table}`)).toBeGreaterThan(0);
        expect(
          (await c.query(`UPDATE ${table} SET updated_at = now() WHERE wedding_id = ANY($1)`, [b().weddingIds]))
            .rowCount,
        ).toBe(0);
        expect((await c.query(`DELETE FROM ${table} WHERE wedding_id = ANY($1)`, [b().weddingIds])).rowCount).toBe(0);
      });
      const after = Number(
        (await db.pool.query(`SELECT count(*) AS n FROM ${table} WHERE wedding_id = ANY($1)`, [b().weddingIds])).rows[0]
          .n,
      );
      expect(after).toBe(theirs);
    });
  }

  it("cannot insert into B's weddings, nor move a row into them", async () => {
    const bWedding = b().weddingIds[0]!;
    await asA(async (c) => {
      await c.query("SAVEPOINT s");
      await expect(
        c.query(`INSERT INTO budget (wedding_id, category, budget_amount) VALUES ($1, 'Sneaky', 10.00)`, [bWedding]),
      ).rejects.toThrow(/row-level security/);
      await c.query("ROLLBACK TO SAVEPOINT s");
      await expect(
        c.query(`INSERT INTO household (wedding_id, name) VALUES ($1, 'Sneaky')`, [bWedding]),
      ).rejects.toThrow(/row-level security/);
    });
  });

  it("cannot create a wedding for B's couple, nor a client under B", async () => {
    const bClient = (
      await db.pool.query<{ client_id: number }>(`SELECT client_id FROM client WHERE planner_id = $1 LIMIT 1`, [
        b().plannerId,
      ])
    ).rows[0]!.client_id;
    await asA(async (c) => {
      await c.query("SAVEPOINT s");
      await expect(
        c.query(
          `INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date) VALUES ($1, $2, 'X', '2027-01-01')`,
          [a().plannerId, bClient],
        ),
      ).rejects.toThrow(/row-level security/);
      await c.query("ROLLBACK TO SAVEPOINT s");
      await expect(c.query(`INSERT INTO client (planner_id, name) VALUES ($1, 'X')`, [b().plannerId])).rejects.toThrow(
        /row-level security/,
      );
    });
  });

  it("cannot delete even their own wedding (the report's planner_role rule)", async () => {
    await asA(async (c) => {
      expect((await c.query(`DELETE FROM wedding WHERE wedding_id = $1`, [a().weddingIds[0]])).rowCount).toBe(0);
    });
  });

  it("sees only their own account, no audit trail and other clients not at all", async () => {
    await asA(async (c) => {
      expect((await c.query<{ user_id: number }>("SELECT user_id FROM users")).rows).toEqual([{ user_id: a().userId }]);
      expect(await count(c, "SELECT 1 FROM audit_log")).toBe(0);
      expect(await count(c, "SELECT 1 FROM client WHERE planner_id <> $1", [a().plannerId])).toBe(0);
    });
  });
});

describe("a vendor", () => {
  const asVendor = <T>(fn: (c: pg.PoolClient) => Promise<T>) =>
    as({ userId: String(vendorUserId), role: "vendor" }, fn);

  for (const table of ["guest", "household", "event_rsvp", "budget", "expense", "payment", "client", "event"]) {
    it(`sees no ${table} rows`, async () => {
      await asVendor(async (c) => expect(await count(c, `SELECT 1 FROM ${table}`)).toBe(0));
    });
  }

  it("sees their own vendor row, their bookings, and the names of the weddings they deal with only", async () => {
    const own = await db.pool.query<{ vendor_id: number }>(`SELECT vendor_id FROM vendor WHERE user_id = $1`, [
      vendorUserId,
    ]);
    const vendorId = own.rows[0]!.vendor_id;
    const bookings = await db.pool.query<{ wedding_id: number }>(
      `SELECT DISTINCT wedding_id FROM booking WHERE vendor_id = $1 ORDER BY wedding_id`,
      [vendorId],
    );
    expect(bookings.rows.length).toBeGreaterThan(0);
    await asVendor(async (c) => {
      expect((await c.query("SELECT vendor_id FROM vendor")).rows).toEqual([{ vendor_id: vendorId }]);
      expect(await count(c, "SELECT 1 FROM booking WHERE vendor_id <> $1 OR vendor_id IS NULL", [vendorId])).toBe(0);
      const weddings = (await c.query<{ wedding_id: number }>("SELECT wedding_id FROM wedding ORDER BY wedding_id"))
        .rows;
      // The weddings that booked them, sent them a proposal or talk to them (vendor portal).
      const dealt = await db.pool.query<{ wedding_id: number }>(
        `SELECT wedding_id FROM booking WHERE vendor_id = $1 UNION SELECT wedding_id FROM proposal WHERE vendor_id = $1
         UNION SELECT wedding_id FROM message_thread WHERE vendor_id = $1 ORDER BY wedding_id`,
        [vendorId],
      );
      expect(weddings).toEqual(dealt.rows);
      for (const row of bookings.rows) expect(weddings).toContainEqual(row);
      expect((await c.query(`UPDATE booking SET status = 'Cancelled'`)).rowCount).toBe(0);
    });
  });
});

describe("a guest token", () => {
  it("sees only its own household, its wedding and that wedding's events", async () => {
    const { rows } = await db.pool.query<{ qr_code: string; household_id: number; wedding_id: number }>(
      `SELECT qr_code, household_id, wedding_id FROM guest ORDER BY guest_id LIMIT 1`,
    );
    const me = rows[0]!;
    const household = await db.pool.query<{ guest_id: number }>(
      `SELECT guest_id FROM guest WHERE household_id = $1 ORDER BY guest_id`,
      [me.household_id],
    );
    await as({ role: "guest", guestToken: me.qr_code }, async (c) => {
      expect((await c.query("SELECT guest_id FROM guest ORDER BY guest_id")).rows).toEqual(household.rows);
      expect((await c.query("SELECT household_id FROM household")).rows).toEqual([{ household_id: me.household_id }]);
      expect((await c.query("SELECT wedding_id FROM wedding")).rows).toEqual([{ wedding_id: me.wedding_id }]);
      expect(await count(c, "SELECT 1 FROM event WHERE wedding_id <> $1", [me.wedding_id])).toBe(0);
      expect(
        await count(c, "SELECT 1 FROM event_rsvp WHERE guest_id <> ALL($1)", [household.rows.map((r) => r.guest_id)]),
      ).toBe(0);
      for (const table of [
        "budget",
        "expense",
        "payment",
        "booking",
        "client",
        "users",
        "vendor",
        "venue",
        "audit_log",
      ]) {
        expect(await count(c, `SELECT 1 FROM ${table}`), table).toBe(0);
      }
      expect(
        (
          await c.query(`UPDATE event_rsvp SET status = 'Declined' WHERE guest_id <> ALL($1)`, [
            household.rows.map((r) => r.guest_id),
          ])
        ).rowCount,
      ).toBe(0);
    });
  });

  it("that is unknown sees nothing at all", async () => {
    await as({ role: "guest", guestToken: "A".repeat(24) }, async (c) => {
      for (const table of TENANT_TABLES) expect(await count(c, `SELECT 1 FROM ${table}`), table).toBe(0);
    });
  });
});

describe("an admin", () => {
  it("sees everything", async () => {
    await as({ userId: String(adminUserId), role: "admin" }, async (c) => {
      for (const table of TENANT_TABLES) {
        const owner = Number((await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        expect(await count(c, `SELECT 1 FROM ${table}`), table).toBe(owner);
      }
    });
  });
});
