import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Health from "./queries";

let db: TestDatabase;
let getHealth: typeof Health.getHealth;
let disconnectApp: () => Promise<void>;

const migrationFolders = fs
  .readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ getHealth } = await import("./queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("getHealth", () => {
  it("reports the database up with the latest applied migration", async () => {
    expect(migrationFolders.length).toBeGreaterThan(0);
    expect(await getHealth()).toEqual({
      status: "ok",
      database: "up",
      migration: migrationFolders.at(-1),
      migrations: migrationFolders.length,
    });
  });

  it("ignores a migration that was rolled back or never finished", async () => {
    await db.pool.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, rolled_back_at)
       VALUES ('t-rolled-back', 'x', '99991231000000_rolled_back', now(), now(), now()),
              ('t-unfinished', 'x', '99991231000001_unfinished', now(), NULL, NULL)`,
    );
    try {
      const health = await getHealth();
      expect(health).toMatchObject({ migration: migrationFolders.at(-1), migrations: migrationFolders.length });
    } finally {
      await db.pool.query(`DELETE FROM "_prisma_migrations" WHERE id IN ('t-rolled-back', 't-unfinished')`);
    }
  });

  it("answers GET /api/health with 200 and no caching", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: "up", migration: migrationFolders.at(-1) });
  });
});
