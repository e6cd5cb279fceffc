import type pg from "pg";
import { EMPTIED_TABLES, findUnclassifiedColumns, listTextColumns, PERSONAL_COLUMNS, type TFakeKind } from "./catalog";
import type { TFakeFn } from "./fakes";

// Rewrites a fresh copy of the database in one transaction: every personal
// value becomes its fake, in the tables and in the audit trail's old and new
// values alike, secrets are emptied, and the audit hashes are recomputed so
// the copy's chain verifies (a new chain over the fake values: it attests
// nothing about production, and no hash of a real value is left behind).
// Triggers are off meanwhile, so the rewrite itself is not audited and
// updated_at keeps its value.

export class UnclassifiedColumnsError extends Error {}

export type ScrubResult = { values: number; auditRows: number };

type FakeColumn = { table: string; column: string; kind: TFakeKind; array: boolean };

function fakeColumns(): FakeColumn[] {
  return Object.entries(PERSONAL_COLUMNS).flatMap(([table, columns]) =>
    Object.entries(columns).flatMap(([column, rule]) =>
      "fake" in rule ? [{ table, column, kind: rule.fake, array: rule.array ?? false }] : [],
    ),
  );
}

function actionColumns(): { table: string; column: string; action: "null" | "dev-password" }[] {
  return Object.entries(PERSONAL_COLUMNS).flatMap(([table, columns]) =>
    Object.entries(columns).flatMap(([column, rule]) =>
      "action" in rule ? [{ table, column, action: rule.action }] : [],
    ),
  );
}

// Values of one key in the audit rows of one table, strings and string arrays alike.
const AUDIT_VALUES_SQL = `
  SELECT DISTINCT x.v FROM public.audit_log a
  CROSS JOIN LATERAL (VALUES (a.old_values -> $2), (a.new_values -> $2)) s(j)
  CROSS JOIN LATERAL (
    SELECT s.j #>> '{}' AS v WHERE jsonb_typeof(s.j) = 'string'
    UNION ALL
    SELECT e FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.j) = 'array' THEN s.j ELSE '[]' END) e
  ) x
  WHERE a.table_name = $1 AND x.v IS NOT NULL`;

// One side (old_values or new_values) of the audit rows: a string is replaced
// by its fake, an array element by element.
function auditRewriteSql(side: "old_values" | "new_values"): string {
  return `
    UPDATE public.audit_log a SET ${side} = jsonb_set(a.${side}, ARRAY[$2], CASE jsonb_typeof(a.${side} -> $2)
      WHEN 'string' THEN (SELECT to_jsonb(m.fake) FROM pg_temp.anon_map m WHERE m.kind = $3 AND m.original = a.${side} ->> $2)
      ELSE (SELECT coalesce(jsonb_agg(to_jsonb(coalesce(m.fake, e.v)) ORDER BY e.i), '[]')
            FROM jsonb_array_elements_text(a.${side} -> $2) WITH ORDINALITY e(v, i)
            LEFT JOIN pg_temp.anon_map m ON m.kind = $3 AND m.original = e.v) END)
    WHERE a.table_name = $1 AND jsonb_typeof(a.${side} -> $2) IN ('string', 'array')`;
}

function auditNullSql(side: "old_values" | "new_values"): string {
  return `UPDATE public.audit_log a SET ${side} = jsonb_set(a.${side}, ARRAY[$2], 'null')
          WHERE a.table_name = $1 AND a.${side} ? $2 AND a.${side} -> $2 <> 'null'`;
}

const REHASH_SQL = `
  UPDATE public.audit_log a SET row_hash = sha256(convert_to(public.audit_row_content(a), 'UTF8'))`;

const RECHAIN_SQL = `
  DO $$
  DECLARE
    prev BYTEA := '\\x'::bytea;
    last_id BIGINT := 0;
    r RECORD;
  BEGIN
    FOR r IN SELECT log_id, row_hash FROM public.audit_log ORDER BY log_id LOOP
      prev := sha256(prev || r.row_hash);
      UPDATE public.audit_log SET chain_hash = prev WHERE log_id = r.log_id;
      last_id := r.log_id;
    END LOOP;
    UPDATE public.audit_chain_head SET log_id = last_id, chain_hash = prev;
  END $$`;

const TRIGGER_TABLES_SQL = `
  SELECT DISTINCT c.relname AS name FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND NOT t.tgisinternal AND NOT c.relispartition ORDER BY 1`;

/**
 * Rewrites the database `client` is connected to. Call it only on a copy:
 * the caller made it and nobody else can connect to it yet.
 */
export async function scrubCopy(
  client: pg.ClientBase,
  options: { fake: TFakeFn; devPasswordHash: string },
): Promise<ScrubResult> {
  const unclassified = findUnclassifiedColumns(await listTextColumns(client));
  if (unclassified.length > 0) {
    throw new UnclassifiedColumnsError(
      `These columns are not classified in lib/anonymize/catalog.ts: ${unclassified.map((c) => `${c.table}.${c.column}`).join(", ")}. ` +
        "Refusing to build a copy that might carry them unchanged: add each to PERSONAL_COLUMNS or NOT_PERSONAL_COLUMNS.",
    );
  }
  const id = (name: string) => client.escapeIdentifier(name);
  await client.query("BEGIN");
  try {
    // A role that row-level security would filter gets an error, never a partial rewrite.
    await client.query("SET LOCAL row_security = off");
    const triggerTables = (await client.query<{ name: string }>(TRIGGER_TABLES_SQL)).rows.map((r) => r.name);
    for (const table of triggerTables) await client.query(`ALTER TABLE public.${id(table)} DISABLE TRIGGER USER`);
    await client.query(
      "CREATE TEMP TABLE anon_map (kind TEXT, original TEXT, fake TEXT, PRIMARY KEY (kind, original)) ON COMMIT DROP",
    );

    let values = 0;
    const columns = fakeColumns();
    for (const col of columns) {
      const base = col.array
        ? `SELECT DISTINCT u.v FROM public.${id(col.table)} t CROSS JOIN LATERAL unnest(t.${id(col.column)}) u(v) WHERE u.v IS NOT NULL`
        : `SELECT DISTINCT ${id(col.column)} AS v FROM public.${id(col.table)} WHERE ${id(col.column)} IS NOT NULL`;
      const originals = new Set((await client.query<{ v: string }>(base)).rows.map((r) => r.v));
      for (const row of (await client.query<{ v: string }>(AUDIT_VALUES_SQL, [col.table, col.column])).rows)
        originals.add(row.v);
      values += await insertFakes(client, col.kind, [...originals], options.fake);
    }

    for (const col of columns) {
      const column = id(col.column);
      if (col.array) {
        await client.query(
          `UPDATE public.${id(col.table)} t SET ${column} = ARRAY(
             SELECT coalesce(m.fake, u.v) FROM unnest(t.${column}) WITH ORDINALITY u(v, i)
             LEFT JOIN pg_temp.anon_map m ON m.kind = $1 AND m.original = u.v ORDER BY u.i)
           WHERE cardinality(t.${column}) > 0`,
          [col.kind],
        );
      } else {
        await client.query(
          `UPDATE public.${id(col.table)} t SET ${column} = m.fake FROM pg_temp.anon_map m
           WHERE m.kind = $1 AND m.original = t.${column}`,
          [col.kind],
        );
      }
      for (const side of ["old_values", "new_values"] as const) {
        await client.query(auditRewriteSql(side), [col.table, col.column, col.kind]);
      }
    }

    for (const col of actionColumns()) {
      const column = id(col.column);
      if (col.action === "null") {
        await client.query(`UPDATE public.${id(col.table)} SET ${column} = NULL WHERE ${column} IS NOT NULL`);
      } else {
        await client.query(`UPDATE public.${id(col.table)} SET ${column} = $1 WHERE ${column} IS NOT NULL`, [
          options.devPasswordHash,
        ]);
      }
      for (const side of ["old_values", "new_values"] as const)
        await client.query(auditNullSql(side), [col.table, col.column]);
    }
    // Without its secret, an account's second factor is off: the copy's
    // admins and vendors enroll again at their first sign-in.
    await client.query("UPDATE public.users SET mfa_enabled_at = NULL, mfa_last_time_step = NULL");
    for (const table of EMPTIED_TABLES) await client.query(`TRUNCATE public.${id(table)}`);

    const auditRows = (await client.query(REHASH_SQL)).rowCount ?? 0;
    await client.query(RECHAIN_SQL);
    for (const table of triggerTables) await client.query(`ALTER TABLE public.${id(table)} ENABLE TRIGGER USER`);
    const views = await client.query<{ name: string }>(
      "SELECT matviewname AS name FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1",
    );
    // A view's refresh runs as its owner through that owner's row-level security
    // policies, which row_security = off turns into an error.
    await client.query("SET LOCAL row_security = on");
    for (const view of views.rows) await client.query(`REFRESH MATERIALIZED VIEW public.${id(view.name)}`);
    await client.query("COMMIT");
    return { values, auditRows };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function insertFakes(
  client: pg.ClientBase,
  kind: TFakeKind,
  originals: string[],
  fake: TFakeFn,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < originals.length; i += 5_000) {
    const batch = originals.slice(i, i + 5_000);
    const result = await client.query(
      `INSERT INTO pg_temp.anon_map (kind, original, fake)
       SELECT $1, o, f FROM unnest($2::text[], $3::text[]) AS x(o, f)
       ON CONFLICT (kind, original) DO NOTHING`,
      [kind, batch, batch.map((value) => fake(kind, value))],
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}
