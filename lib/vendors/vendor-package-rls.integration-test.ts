import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

// vendor_package at the database, as the app's runtime role with the settings
// withIdentity sets: who reads and writes which packages, the guards on vendor
// rows, the trigger that feeds packages into the search, and the catalogue
// functions that are the only way around row-level security.

type Settings = { userId?: number; role?: string; guestToken?: string };

let db: TestDatabase;
let app: pg.Pool;
let plannerUserId: number;
let adminUserId: number;
let vendorUserId: number;
let ownVendorId: number;
let otherVendorId: number;
let suspendedVendorId: number;

async function as<T>(settings: Settings, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.guest_token', $3, true)",
      [settings.userId === undefined ? "" : String(settings.userId), settings.role ?? "", settings.guestToken ?? ""],
    );
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const asVendor = <T>(fn: (c: pg.PoolClient) => Promise<T>) => as({ userId: vendorUserId, role: "vendor" }, fn);
const asPlanner = <T>(fn: (c: pg.PoolClient) => Promise<T>) => as({ userId: plannerUserId, role: "planner" }, fn);
const asAdmin = <T>(fn: (c: pg.PoolClient) => Promise<T>) => as({ userId: adminUserId, role: "admin" }, fn);

async function ids(client: pg.PoolClient | pg.Pool, sql: string, params: unknown[] = []): Promise<number[]> {
  return (await client.query<{ id: number }>(sql, params)).rows.map((r) => r.id);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 3 });
  const one = async (sql: string) => (await db.pool.query<{ id: number }>(sql)).rows[0]!.id;
  plannerUserId = await one(`SELECT user_id AS id FROM planner ORDER BY planner_id LIMIT 1`);
  adminUserId = await one(`SELECT user_id AS id FROM users WHERE role = 'admin' LIMIT 1`);
  vendorUserId = await one(`SELECT user_id AS id FROM users WHERE role = 'vendor' LIMIT 1`);
  ownVendorId = (
    await db.pool.query<{ id: number }>(`SELECT vendor_id AS id FROM vendor WHERE user_id = $1`, [vendorUserId])
  ).rows[0]!.id;
  otherVendorId = await one(`SELECT vendor_id AS id FROM vendor WHERE name = 'Wild Poppy Flower Studio'`);
  suspendedVendorId = await one(`SELECT vendor_id AS id FROM vendor WHERE status = 'Suspended' LIMIT 1`);
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

describe("reading packages", () => {
  it("shows nothing without an identity, or to a guest token", async () => {
    const [guest] = (await db.pool.query<{ qr_code: string }>(`SELECT qr_code FROM guest LIMIT 1`)).rows;
    await as({}, async (c) => expect(await ids(c, "SELECT package_id AS id FROM vendor_package")).toEqual([]));
    await as({ role: "guest", guestToken: guest!.qr_code }, async (c) =>
      expect(await ids(c, "SELECT package_id AS id FROM vendor_package")).toEqual([]),
    );
  });

  it("shows a planner the active packages of active vendors only", async () => {
    const expected = await ids(
      db.pool,
      `SELECT p.package_id AS id FROM vendor_package p JOIN vendor v USING (vendor_id)
       WHERE p.active AND v.status = 'Active' ORDER BY 1`,
    );
    const hidden = await ids(
      db.pool,
      `SELECT p.package_id AS id FROM vendor_package p JOIN vendor v USING (vendor_id)
       WHERE NOT p.active OR v.status <> 'Active'`,
    );
    expect(hidden.length).toBeGreaterThan(0); // the seed has a withdrawn package and packages of inactive vendors
    await asPlanner(async (c) =>
      expect(await ids(c, "SELECT package_id AS id FROM vendor_package ORDER BY 1")).toEqual(expected),
    );
  });

  it("shows a vendor all of their own packages, withdrawn ones too, and nobody else's", async () => {
    const own = await ids(db.pool, `SELECT package_id AS id FROM vendor_package WHERE vendor_id = $1 ORDER BY 1`, [
      ownVendorId,
    ]);
    expect(own.length).toBeGreaterThan(1);
    await asVendor(async (c) =>
      expect(await ids(c, "SELECT package_id AS id FROM vendor_package ORDER BY 1")).toEqual(own),
    );
  });

  it("shows an admin every package", async () => {
    const all = await ids(db.pool, `SELECT package_id AS id FROM vendor_package ORDER BY 1`);
    await asAdmin(async (c) =>
      expect(await ids(c, "SELECT package_id AS id FROM vendor_package ORDER BY 1")).toEqual(all),
    );
  });
});

describe("writing packages", () => {
  it("lets a vendor add, change and delete their own packages", async () => {
    await asVendor(async (c) => {
      const [created] = await ids(
        c,
        `INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Buttonholes', 35) RETURNING package_id AS id`,
        [ownVendorId],
      );
      expect((await c.query(`UPDATE vendor_package SET price = 40 WHERE package_id = $1`, [created])).rowCount).toBe(1);
      expect((await c.query(`DELETE FROM vendor_package WHERE package_id = $1`, [created])).rowCount).toBe(1);
    });
  });

  it("refuses a vendor's package for another vendor, and never touches another vendor's packages", async () => {
    const [theirs] = await ids(db.pool, `SELECT package_id AS id FROM vendor_package WHERE vendor_id = $1 LIMIT 1`, [
      otherVendorId,
    ]);
    await asVendor(async (c) => {
      await expect(
        c.query(`INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Hijack', 1)`, [otherVendorId]),
      ).rejects.toThrow(/row-level security/);
    });
    await asVendor(async (c) => {
      expect((await c.query(`UPDATE vendor_package SET price = 0 WHERE package_id = $1`, [theirs])).rowCount).toBe(0);
      expect((await c.query(`DELETE FROM vendor_package WHERE package_id = $1`, [theirs])).rowCount).toBe(0);
      // Nor move one of their own packages to the other vendor.
      await expect(
        c.query(`UPDATE vendor_package SET vendor_id = $1 WHERE vendor_id = $2`, [otherVendorId, ownVendorId]),
      ).rejects.toThrow(/row-level security/);
    });
  });

  it("lets a planner read packages but never write them", async () => {
    await asPlanner(async (c) => {
      await expect(
        c.query(`INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Planner deal', 1)`, [ownVendorId]),
      ).rejects.toThrow(/row-level security/);
    });
    await asPlanner(async (c) => {
      expect((await c.query(`UPDATE vendor_package SET price = 0`)).rowCount).toBe(0);
      expect((await c.query(`DELETE FROM vendor_package`)).rowCount).toBe(0);
    });
  });

  it("refuses a negative price, an empty name and a price with more than 2 decimals' worth of digits", async () => {
    await asAdmin(async (c) => {
      await expect(
        c.query(`INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Free money', -1)`, [ownVendorId]),
      ).rejects.toThrow(/check constraint/);
    });
    await asAdmin(async (c) => {
      await expect(
        c.query(`INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, '', 1)`, [ownVendorId]),
      ).rejects.toThrow(/check constraint/);
    });
    await asAdmin(async (c) => {
      await expect(
        c.query(`INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Huge', 12345678901)`, [ownVendorId]),
      ).rejects.toThrow(/numeric field overflow/);
    });
  });

  it("records every package change in the audit trail as the person who made it", async () => {
    await asVendor(async (c) => {
      const [created] = await ids(
        c,
        `INSERT INTO vendor_package (vendor_id, name, price) VALUES ($1, 'Audited', 10) RETURNING package_id AS id`,
        [ownVendorId],
      );
      await c.query(`UPDATE vendor_package SET price = 12 WHERE package_id = $1`, [created]);
      // The owner cannot see these uncommitted rows: read them here, as an admin.
      await c.query(`SELECT set_config('app.role', 'admin', true), set_config('app.user_id', $1, true)`, [
        String(adminUserId),
      ]);
      const audit = await c.query<{ operation: string; changed_by: string }>(
        `SELECT operation, changed_by FROM audit_log WHERE table_name = 'vendor_package' AND record_id = $1 ORDER BY log_id`,
        [created],
      );
      expect(audit.rows).toEqual([
        { operation: "INSERT", changed_by: `user:${vendorUserId}` },
        { operation: "UPDATE", changed_by: `user:${vendorUserId}` },
      ]);
    });
  });
});

describe("the search text of packages", () => {
  const packagesText = async (c: pg.PoolClient | pg.Pool, vendorId: number) =>
    (
      await c.query<{ t: string; v: string }>(
        `SELECT packages_text AS t, updated_at::text AS v FROM vendor WHERE vendor_id = $1`,
        [vendorId],
      )
    ).rows[0]!;

  it("follows every insert, change, withdrawal and delete, in the same transaction, without moving the vendor's version", async () => {
    await asVendor(async (c) => {
      const before = await packagesText(c, ownVendorId);
      expect(before.t).toContain("Lakeside floral arch");
      expect(before.t).not.toContain("Winter dried flowers"); // withdrawn in the seed
      const [created] = await ids(
        c,
        `INSERT INTO vendor_package (vendor_id, name, description, price)
         VALUES ($1, 'Hydrangea wall', 'A wall of blue hydrangeas', 700) RETURNING package_id AS id`,
        [ownVendorId],
      );
      expect((await packagesText(c, ownVendorId)).t).toContain("Hydrangea wall A wall of blue hydrangeas");
      const match = async (q: string) =>
        (
          await c.query(
            `SELECT 1 FROM vendor WHERE vendor_id = $1 AND description_tsv @@ websearch_to_tsquery('english', $2)`,
            [ownVendorId, q],
          )
        ).rowCount;
      expect(await match("hydrangeas")).toBe(1);
      await c.query(`UPDATE vendor_package SET name = 'Orchid wall', description = NULL WHERE package_id = $1`, [
        created,
      ]);
      expect(await match("hydrangeas")).toBe(0);
      expect(await match("orchid")).toBe(1);
      await c.query(`UPDATE vendor_package SET active = false WHERE package_id = $1`, [created]);
      expect(await match("orchid")).toBe(0);
      await c.query(`UPDATE vendor_package SET active = true WHERE package_id = $1`, [created]);
      await c.query(`DELETE FROM vendor_package WHERE package_id = $1`, [created]);
      const after = await packagesText(c, ownVendorId);
      expect(after).toEqual(before);
    });
  });

  it("weighs package words below the name and the description (A, B, C)", async () => {
    const { rows } = await db.pool.query<{ tsv: string }>(
      `SELECT description_tsv::text AS tsv FROM vendor WHERE vendor_id = $1`,
      [ownVendorId],
    );
    expect(rows[0]!.tsv).toMatch(/'peoni':\d+A/);
    expect(rows[0]!.tsv).toMatch(/'lakesid':\d+C/);
  });

  it("cannot be written directly, not even by an admin", async () => {
    await asAdmin(async (c) => {
      await expect(
        c.query(`UPDATE vendor SET packages_text = 'free holidays' WHERE vendor_id = $1`, [ownVendorId]),
      ).rejects.toThrow(/maintained from vendor_package/);
    });
  });

  it("is what GIN serves: the search uses idx_vendor_description_gin and idx_vendor_name_trgm", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT vendor_id FROM vendor WHERE description_tsv @@ websearch_to_tsquery('english', 'floral')`,
      );
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("idx_vendor_description_gin");
      // The typo-tolerant half: word similarity to the name, as vendor_search() asks it.
      const trigram = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT vendor_id FROM vendor WHERE 'florst' <% name`,
      );
      expect(trigram.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("idx_vendor_name_trgm");
    } finally {
      await client.query("RESET enable_seqscan");
      client.release();
    }
  });
});

describe("vendor rows", () => {
  it("let a vendor edit their profile but never their status, their account or another vendor", async () => {
    await asVendor(async (c) => {
      expect((await c.query(`UPDATE vendor SET region = 'Struga' WHERE vendor_id = $1`, [ownVendorId])).rowCount).toBe(
        1,
      );
      expect(
        (await c.query(`UPDATE vendor SET region = 'Struga' WHERE vendor_id = $1`, [otherVendorId])).rowCount,
      ).toBe(0);
    });
    for (const change of ["status = 'Inactive'", "status = 'Suspended'", "user_id = NULL"]) {
      await asVendor(async (c) => {
        await expect(c.query(`UPDATE vendor SET ${change} WHERE vendor_id = $1`, [ownVendorId])).rejects.toThrow(
          /may not change their status or account/,
        );
      });
    }
    await asAdmin(async (c) => {
      expect(
        (await c.query(`UPDATE vendor SET status = 'Suspended' WHERE vendor_id = $1`, [ownVendorId])).rowCount,
      ).toBe(1);
    });
  });
});

describe("the public catalogue functions", () => {
  it("work without an identity and reveal only active vendors and active packages", async () => {
    const inactive = await ids(db.pool, `SELECT vendor_id AS id FROM vendor WHERE status <> 'Active'`);
    await as({}, async (c) => {
      const listed = await ids(c, `SELECT vendor_id AS id FROM vendor_catalog_search(NULL, NULL, NULL, NULL, 100, 0)`);
      const [active] = (
        await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM vendor WHERE status = 'Active'`)
      ).rows;
      expect(listed).toHaveLength(active!.n);
      for (const id of inactive) expect(listed).not.toContain(id);
      expect((await c.query(`SELECT * FROM vendor_catalog_vendor($1)`, [suspendedVendorId])).rowCount).toBe(0);
      expect((await c.query(`SELECT * FROM vendor_catalog_packages($1)`, [suspendedVendorId])).rowCount).toBe(0);
      const own = await c.query<{ name: string }>(`SELECT name FROM vendor_catalog_packages($1)`, [ownVendorId]);
      expect(own.rows.map((r) => r.name)).not.toContain("Winter dried flowers");
      expect(own.rows.length).toBeGreaterThan(0);
      const regions = await c.query(`SELECT region FROM vendor_catalog_regions()`);
      expect(regions.rowCount).toBeGreaterThan(0);
    });
  });

  it("return public columns only: no account, no package text dump, no timestamps", async () => {
    const { rows } = await db.pool.query<{ proname: string; cols: string[] }>(
      `SELECT proname, proargnames AS cols FROM pg_proc WHERE proname LIKE 'vendor_catalog_%' ORDER BY proname`,
    );
    expect(rows.map((r) => r.proname)).toEqual([
      "vendor_catalog_packages",
      "vendor_catalog_regions",
      "vendor_catalog_search",
      "vendor_catalog_vendor",
    ]);
    for (const row of rows) {
      const names = (row.cols ?? []).join(",");
      expect(names).not.toMatch(/user_id|packages_text|email|created_at|updated_at/);
    }
  });

  it("are the only way around row-level security: the search function itself obeys it", async () => {
    await as({}, async (c) => {
      expect((await c.query(`SELECT * FROM vendor_search(NULL, NULL, NULL, NULL, 'Active', 100, 0)`)).rowCount).toBe(0);
    });
    const owned = await db.pool.query<{ proname: string; owner: string; secdef: boolean }>(
      `SELECT proname, pg_get_userbyid(proowner) AS owner, prosecdef AS secdef FROM pg_proc
       WHERE proname LIKE 'vendor_catalog_%' OR proname = 'vendor_search' ORDER BY proname`,
    );
    for (const row of owned.rows) {
      if (row.proname === "vendor_search") expect(row.secdef).toBe(false);
      else expect(row, row.proname).toMatchObject({ owner: "wedding_rls", secdef: true });
    }
  });
});
