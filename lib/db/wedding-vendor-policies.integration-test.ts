import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

// The wedding table's vendor policies (migration 20261128000200): they must
// cost nothing for anyone who is not a vendor, since every read that touches
// wedding evaluates every policy, and still show a vendor their weddings.

type Settings = { userId: string; role: string };
type PlanNode = { "Parent Relationship"?: string; "Actual Loops": number; Plans?: PlanNode[] };

let db: TestDatabase;
let app: pg.Pool;
let people: Record<"planner" | "admin" | "vendor", Settings>;
let vendorWeddings: number[];

async function as<T>(settings: Settings | null, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    if (settings)
      await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true)", [
        settings.userId,
        settings.role,
      ]);
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

function subplans(node: PlanNode): PlanNode[] {
  const own = node["Parent Relationship"] === "SubPlan" ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(subplans)];
}

async function weddingSubplans(client: pg.PoolClient): Promise<PlanNode[]> {
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    "EXPLAIN (ANALYZE, FORMAT JSON) SELECT wedding_id FROM wedding",
  );
  return subplans(rows[0]!["QUERY PLAN"][0].Plan);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 2 });
  const one = async (sql: string) => (await db.pool.query<{ user_id: number }>(sql)).rows[0]!.user_id;
  const vendorUserId = await one(
    `SELECT v.user_id FROM vendor v WHERE v.user_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM booking b WHERE b.vendor_id = v.vendor_id) ORDER BY v.vendor_id LIMIT 1`,
  );
  people = {
    planner: { userId: String(await one(`SELECT user_id FROM planner ORDER BY user_id LIMIT 1`)), role: "planner" },
    admin: { userId: String(await one(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`)), role: "admin" },
    vendor: { userId: String(vendorUserId), role: "vendor" },
  };
  vendorWeddings = (
    await db.pool.query<{ id: number }>(
      `SELECT b.wedding_id AS id FROM booking b JOIN vendor v ON v.vendor_id = b.vendor_id WHERE v.user_id = $1
       UNION SELECT t.wedding_id FROM message_thread t JOIN vendor v ON v.vendor_id = t.vendor_id WHERE v.user_id = $1
       UNION SELECT p.wedding_id FROM proposal p JOIN vendor v ON v.vendor_id = p.vendor_id WHERE v.user_id = $1
       ORDER BY 1`,
      [vendorUserId],
    )
  ).rows.map((row) => row.id);
});

afterAll(async () => {
  await app.end();
  await db.drop();
});

describe("the wedding table's vendor policies", () => {
  it.each(["planner", "admin", "nobody"] as const)("never run their lookups for %s", async (who) => {
    const found = await as(who === "nobody" ? null : people[who], weddingSubplans);
    expect(found.length, "the two vendor policies' subplans").toBe(2);
    expect(found.map((node) => node["Actual Loops"])).toEqual([0, 0]);
  });

  it("still show a vendor the weddings they deal with, and only those", async () => {
    expect(vendorWeddings.length).toBeGreaterThan(0);
    await as(people.vendor, async (client) => {
      expect((await weddingSubplans(client)).some((node) => node["Actual Loops"] > 0)).toBe(true);
      const { rows } = await client.query<{ id: number }>(`SELECT wedding_id AS id FROM wedding ORDER BY 1`);
      expect(rows.map((row) => row.id)).toEqual(vendorWeddings);
    });
  });
});
