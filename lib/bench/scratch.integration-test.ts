import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  await db.pool.query(`ALTER ROLE wedding_app IN DATABASE ${db.name} SET session_preload_libraries = 'auto_explain'`);
  await db.pool.query(`ALTER ROLE wedding_app IN DATABASE ${db.name} SET auto_explain.log_min_duration = 0`);
  await db.pool.query(`ALTER ROLE wedding_app IN DATABASE ${db.name} SET auto_explain.log_nested_statements = on`);
  await db.pool.query(`ALTER ROLE wedding_app IN DATABASE ${db.name} SET auto_explain.log_format = 'json'`);
}, 240_000);
afterAll(async () => db?.drop());

it("captures nested plans", async () => {
  const { withIdentity } = await import("@/lib/db/with-identity");
  const { PrismaClient } = await import("@/lib/generated/prisma/client");
  const notices: string[] = [];
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 1 });
  pool.on("connect", (c) => c.on("notice", (n) => notices.push(n.message ?? "")));
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  const { rows: u } = await db.pool.query("SELECT user_id FROM users WHERE role = 'planner' LIMIT 1");
  const t0 = Date.now();
  const r = await withIdentity({ kind: "user", userId: u[0].user_id, role: "planner" }, async (tx) => {
    await tx.$executeRaw`SET LOCAL client_min_messages = log`;
    return tx.$queryRaw`SELECT * FROM vendor_catalog_search('floral', NULL, NULL, NULL, 20, 0)`;
  }, { client: client as never });
  console.log(Date.now() - t0, (r as unknown[]).length, notices.length);
  for (const n of notices) console.log(n.slice(0, 3000));
  const planner = await db.pool.query("SELECT proname, prosecdef FROM pg_proc WHERE proname = 'booking_venue_day_taken'");
  console.log(planner.rows);
  await client.$disconnect();
  expect(notices.length).toBeGreaterThan(0);
});
