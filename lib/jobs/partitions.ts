import { inOwnerTransaction, type JobContext } from "./definitions";
import type { TPartitionReport } from "./schema";

// The partition maintenance job (report section 3.2): partitions ahead of
// time, rows out of the default partitions, and the current-year index.
// Everything here is DDL, so it runs as the owner; the SQL functions it calls
// are in the jobs_revenue migration.

export const BOOKING_QUARTERS_AHEAD = 8;
export const PAYMENT_MONTHS_AHEAD = 24;

export async function maintainPartitions(context: JobContext): Promise<TPartitionReport> {
  const created = await inOwnerTransaction(context.pool, async (client) => {
    const { rows } = await client.query<{ partition: string; from: string; to: string; moved: number }>(
      `SELECT partition_name AS partition, range_from::text AS "from", range_to::text AS "to", moved_rows::int AS moved
         FROM maintain_partitions($1::date, $2, $3)`,
      [context.today, BOOKING_QUARTERS_AHEAD, PAYMENT_MONTHS_AHEAD],
    );
    return rows;
  });
  for (const p of created) context.log(`created ${p.partition} [${p.from}, ${p.to}), ${p.moved} row(s) moved in`);

  const { rows: defaults } = await context.pool.query<{
    parent: "booking" | "payment";
    rows: number;
    min_key: string | null;
    max_key: string | null;
  }>(`SELECT parent, row_count::int AS rows, min_key::text, max_key::text FROM partition_default_rows()`);

  return {
    today: context.today,
    created: created.map((p) => ({ partition: p.partition, from: p.from, to: p.to, movedRows: p.moved })),
    defaultRows: defaults.map((d) => ({ parent: d.parent, rows: d.rows, minKey: d.min_key, maxKey: d.max_key })),
    currentYearIndex: await rebuildCurrentYearIndex(context),
  };
}

/**
 * Makes idx_booking_current_year start on January 1 of `today`'s year. Each
 * partition's index is built CONCURRENTLY, so writes to bookings go on while
 * it builds; only the final swap takes a short exclusive lock.
 */
export async function rebuildCurrentYearIndex(context: JobContext): Promise<TPartitionReport["currentYearIndex"]> {
  const start = `${context.today.slice(0, 4)}-01-01`;
  const { rows } = await context.pool.query<{ start: string | null }>(
    "SELECT booking_current_year_index_start()::text AS start",
  );
  const previous = rows[0]?.start ?? null;
  if (previous === start) return { start, previous, rebuilt: false, partitions: 0 };

  const plan = await inOwnerTransaction(context.pool, async (client) => {
    const result = await client.query<{ partition_name: string; ddl: string }>(
      "SELECT partition_name, ddl FROM booking_current_year_index_prepare($1::date)",
      [start],
    );
    return result.rows;
  });
  const client = await context.pool.connect();
  try {
    // A build that waits too long is cancelled; the next run drops what it left.
    await client.query("SET statement_timeout = '10min'");
    for (const step of plan) {
      // The statement comes from booking_current_year_index_prepare(), which
      // quotes names and the date with format(%I, %L). CONCURRENTLY cannot run
      // inside a function or a transaction, so it is executed here, on its own.
      if (!step.ddl.startsWith("CREATE INDEX CONCURRENTLY ")) {
        throw new Error(`Unexpected index statement for ${step.partition_name}.`);
      }
      await client.query(step.ddl);
    }
  } finally {
    await client.query("RESET statement_timeout").catch(() => {});
    client.release();
  }
  const attached = await inOwnerTransaction(context.pool, async (client) => {
    const result = await client.query<{ attached: number }>(
      "SELECT booking_current_year_index_finish($1::date) AS attached",
      [start],
    );
    return result.rows[0]?.attached ?? 0;
  });
  context.log(`rebuilt idx_booking_current_year from ${start} on ${attached} partitions`);
  return { start, previous, rebuilt: true, partitions: attached };
}
