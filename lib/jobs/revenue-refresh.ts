import { asJobsRole, type JobContext } from "./definitions";
import type { TRevenueRefreshReport } from "./schema";

// Refreshes mv_monthly_revenue (report section 3.1) as its owner, the
// wedding_jobs role. CONCURRENTLY builds the new contents beside the old and
// swaps them in row by row, so dashboards keep reading while it runs. A view
// that was never populated cannot be refreshed concurrently: the first
// refresh is a plain one.

export async function refreshMonthlyRevenue(context: JobContext): Promise<TRevenueRefreshReport> {
  return asJobsRole(context.pool, async (client) => {
    await client.query("SELECT set_config('lock_timeout', '10s', true)");
    const { rows: state } = await client.query<{ populated: boolean }>(
      `SELECT ispopulated AS populated FROM pg_matviews
        WHERE schemaname = 'public' AND matviewname = 'mv_monthly_revenue'`,
    );
    const concurrently = state[0]?.populated === true;
    const started = performance.now();
    if (concurrently) await client.query("REFRESH MATERIALIZED VIEW CONCURRENTLY mv_monthly_revenue");
    else await client.query("REFRESH MATERIALIZED VIEW mv_monthly_revenue");
    const durationMs = Math.round(performance.now() - started);
    const { rows: counted } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM mv_monthly_revenue");
    const rowCount = counted[0]?.n ?? 0;
    // now() is this transaction's start: the refresh saw every commit before it.
    const { rows: recorded } = await client.query<{ refreshed_at: Date }>(
      `INSERT INTO matview_refresh (view_name, refreshed_at, duration_ms, row_count)
       VALUES ('mv_monthly_revenue', now(), $1, $2)
       ON CONFLICT (view_name) DO UPDATE
         SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms, row_count = excluded.row_count
       RETURNING refreshed_at`,
      [durationMs, rowCount],
    );
    const refreshedAt = recorded[0]!.refreshed_at.toISOString();
    return {
      view: "mv_monthly_revenue",
      mode: concurrently ? "concurrently" : "initial",
      rows: rowCount,
      durationMs,
      refreshedAt,
    };
  });
}
