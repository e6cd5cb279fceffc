import pg from "pg";
import { z } from "zod";
import { withDatabase } from "@/lib/db/config";

// Creating, opening, swapping and dropping whole databases on the server that
// holds the live one. Every statement runs on the maintenance database
// "postgres": a database cannot be renamed or dropped from inside itself.

export const ZDatabaseName = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    "A database name is 1 to 63 lower-case letters, digits and underscores, and does not start with a digit.",
  )
  .refine(
    (name) => !["postgres", "template0", "template1"].includes(name),
    "That is one of PostgreSQL's own databases.",
  );

export const MAX_NAME_LENGTH = 63;

export function maintenanceUrl(ownerUrl: string): string {
  return withDatabase(ownerUrl, "postgres");
}

export async function withMaintenance<T>(ownerUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: maintenanceUrl(ownerUrl),
    application_name: "wedding-planner-backup",
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (rowCount ?? 0) > 0;
}

/**
 * An empty database (from template0, so nothing of template1 comes along) that
 * only its owner can connect to until openDatabase(): the app role never sees
 * a half-restored or not-yet-anonymized copy.
 */
export async function createClosedDatabase(client: pg.ClientBase, name: string): Promise<void> {
  const id = client.escapeIdentifier(name);
  await client.query(`CREATE DATABASE ${id} TEMPLATE template0`);
  await client.query(`REVOKE CONNECT ON DATABASE ${id} FROM PUBLIC`);
}

/** CONNECT for PUBLIC again, PostgreSQL's default for a new database. */
export async function openDatabase(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(name)} TO PUBLIC`);
}

export async function dropDatabaseNamed(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
}

/** `base` plus a suffix, cut so the whole fits PostgreSQL's 63 bytes. */
export function suffixedName(base: string, suffix: string): string {
  return `${base.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
}

/**
 * Puts `incoming` in the place of `name` and keeps the old database as
 * `aside`. New connections to `name` are refused while it happens and the
 * open ones are ended (the app's pool reconnects, and finds the new one); the
 * two renames commit together, so `name` always exists.
 */
export async function swapDatabases(
  client: pg.ClientBase,
  names: { name: string; incoming: string; aside: string },
): Promise<void> {
  const current = client.escapeIdentifier(names.name);
  await client.query(`ALTER DATABASE ${current} ALLOW_CONNECTIONS false`);
  try {
    await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [names.name],
    );
    await client.query("BEGIN");
    try {
      await client.query(`ALTER DATABASE ${current} RENAME TO ${client.escapeIdentifier(names.aside)}`);
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(names.incoming)} RENAME TO ${current}`);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    // Whichever database now has which name, both accept connections again.
    for (const db of [names.name, names.aside]) {
      if (await databaseExists(client, db)) {
        await client.query(`ALTER DATABASE ${client.escapeIdentifier(db)} ALLOW_CONNECTIONS true`);
      }
    }
  }
}
