import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { assertMigrated, DatabaseNotMigratedError, NOT_MIGRATED_MESSAGE } from "./assert-migrated";

const MIGRATIONS_DIR = path.resolve("prisma/migrations");

let db: TestDatabase | undefined;

afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe("assertMigrated", () => {
  it("passes on a database with every migration applied", async () => {
    db = await createTestDatabase();
    await expect(assertMigrated(db.pool, MIGRATIONS_DIR)).resolves.toBeUndefined();
  });

  it("fails, naming the missing migration, when one was not applied", async () => {
    db = await createTestDatabase();
    const { rows } = await db.pool.query<{ migration_name: string }>(
      `DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations) RETURNING migration_name`,
    );
    const missing = rows[0]?.migration_name ?? "(none)";

    const check = assertMigrated(db.pool, MIGRATIONS_DIR);

    await expect(check).rejects.toThrow(DatabaseNotMigratedError);
    await expect(check).rejects.toThrow(NOT_MIGRATED_MESSAGE);
    await expect(check).rejects.toThrow(missing);
  });

  it("fails when a migration started but never finished", async () => {
    db = await createTestDatabase();
    await db.pool.query(
      `UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT min(migration_name) FROM _prisma_migrations)`,
    );
    await expect(assertMigrated(db.pool, MIGRATIONS_DIR)).rejects.toThrow(NOT_MIGRATED_MESSAGE);
  });

  it("fails on a database that was never migrated", async () => {
    db = await createTestDatabase();
    await db.pool.query(`DROP TABLE _prisma_migrations`);
    await expect(assertMigrated(db.pool, MIGRATIONS_DIR)).rejects.toThrow(NOT_MIGRATED_MESSAGE);
  });
});
