import type pg from "pg";
import { appliedMigrations, listMigrations } from "@/lib/db/migrate";

// Seeding a database that lacks part of the schema would fail halfway with an
// error about some table; this check fails first, before anything is written.

export const NOT_MIGRATED_MESSAGE = "The database is not migrated. Run `npm run db:migrate` first.";

export class DatabaseNotMigratedError extends Error {}

export async function assertMigrated(db: pg.Pool | pg.Client | pg.PoolClient, migrationsDir: string): Promise<void> {
  const applied = new Set(await appliedMigrations(db));
  const missing = listMigrations(migrationsDir)
    .map((migration) => migration.name)
    .filter((name) => !applied.has(name));
  if (missing.length === 0) return;
  throw new DatabaseNotMigratedError(`${NOT_MIGRATED_MESSAGE}\nNot applied: ${missing.join(", ")}.`);
}
