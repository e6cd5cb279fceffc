import type pg from "pg";
import { z } from "zod";

// What a database holds, for comparing a restore with its source: the exact
// row count of every table (the report's §6.6 validation query, extended from
// four tables to all of them, partitions included (materialized views are derived: a restore
// recomputes them, so their counts are not the backup's), with
// count(*) rather than the statistics' estimates), the migration history, the
// audit chain's head, and the roles the objects belong to (roles live in the
// cluster, not in a dump, so a restore needs them to exist already).

export const ZInventorySchema = z.object({
  tables: z.record(z.string(), z.number().int().nonnegative().nullable()),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string(), finished: z.boolean() })),
  auditHead: z.object({ logId: z.string(), chainHash: z.string() }).nullable(),
  roles: z.array(z.string()),
});
export type TInventory = z.infer<typeof ZInventorySchema>;

type TableRow = { schema: string; name: string; kind: string; populated: boolean };

const SYSTEM_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_to%' AND n.nspname NOT LIKE 'pg\\_temp%'";

// Objects that belong to an extension are recreated by CREATE EXTENSION, not restored one by one.
const NOT_EXTENSION = (catalog: string, column: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${column} AND d.deptype = 'e')`;

const TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.relispopulated AS populated
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND ${SYSTEM_SCHEMAS} AND ${NOT_EXTENSION("pg_class", "c.oid")}
  ORDER BY 1, 2`;

const ROLES_SQL = `
  SELECT DISTINCT r.rolname AS name FROM (
    SELECT c.relowner AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${SYSTEM_SCHEMAS} AND ${NOT_EXTENSION("pg_class", "c.oid")}
    UNION SELECT (aclexplode(c.relacl)).grantee FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relacl IS NOT NULL AND ${SYSTEM_SCHEMAS}
    UNION SELECT p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE ${SYSTEM_SCHEMAS} AND ${NOT_EXTENSION("pg_proc", "p.oid")}
    UNION SELECT (aclexplode(p.proacl)).grantee FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.proacl IS NOT NULL AND ${SYSTEM_SCHEMAS} AND ${NOT_EXTENSION("pg_proc", "p.oid")}
    UNION SELECT t.typowner FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE ${SYSTEM_SCHEMAS} AND ${NOT_EXTENSION("pg_type", "t.oid")}
    UNION SELECT n.nspowner FROM pg_namespace n WHERE ${SYSTEM_SCHEMAS}
    UNION SELECT unnest(pol.polroles) FROM pg_policy pol
  ) x JOIN pg_roles r ON r.oid = x.oid
  ORDER BY 1`;

/** "public.booking_2026_q4". */
export function qualifiedName(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/**
 * Reads the inventory inside the caller's transaction, which should be
 * REPEATABLE READ so every count sees one snapshot. row_security is turned off
 * for it: a role that row-level security would filter gets an error instead of
 * a count that is silently too low.
 */
export async function readInventory(client: pg.ClientBase): Promise<TInventory> {
  await client.query("SET LOCAL row_security = off");
  const tables: Record<string, number | null> = {};
  const { rows } = await client.query<TableRow>(TABLES_SQL);
  for (const table of rows) {
    const key = qualifiedName(table.schema, table.name);
    if (table.kind === "m" && !table.populated) {
      tables[key] = null;
      continue;
    }
    // Identifiers come from the catalog and are quoted; nothing here is user input.
    const relation = `${client.escapeIdentifier(table.schema)}.${client.escapeIdentifier(table.name)}`;
    const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${relation}`);
    tables[key] = Number(count.rows[0]!.n);
  }
  return {
    tables,
    migrations: await readMigrations(client),
    auditHead: await readAuditHead(client),
    roles: (await client.query<{ name: string }>(ROLES_SQL)).rows.map((row) => row.name),
  };
}

/** The inventory in a snapshot of its own. */
export async function readInventorySnapshot(client: pg.ClientBase): Promise<TInventory> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  try {
    return await readInventory(client);
  } finally {
    await client.query("ROLLBACK");
  }
}

async function readMigrations(client: pg.ClientBase): Promise<TInventory["migrations"]> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('public._prisma_migrations')::text AS t");
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<{ name: string; checksum: string; finished: boolean }>(
    `SELECT migration_name AS name, checksum, (finished_at IS NOT NULL AND rolled_back_at IS NULL) AS finished
     FROM public._prisma_migrations ORDER BY migration_name, started_at`,
  );
  return rows;
}

async function readAuditHead(client: pg.ClientBase): Promise<TInventory["auditHead"]> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('public.audit_chain_head')::text AS t");
  if (!exists.rows[0]?.t) return null;
  const { rows } = await client.query<{ log_id: string; chain_hash: string }>(
    "SELECT log_id::text AS log_id, encode(chain_hash, 'hex') AS chain_hash FROM public.audit_chain_head",
  );
  const head = rows[0];
  return head ? { logId: head.log_id, chainHash: head.chain_hash } : null;
}

/** Roles the inventory's objects need that this server lacks. */
export async function findMissingRoles(client: pg.ClientBase, roles: string[]): Promise<string[]> {
  const { rows } = await client.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname = ANY($1)", [
    roles,
  ]);
  const present = new Set(rows.map((row) => row.rolname));
  return roles.filter((role) => !present.has(role));
}
