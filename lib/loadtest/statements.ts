import pg from "pg";

// Which statements a page spent the database's time on: pg_stat_statements
// for the app's role in the benchmark database, reset right before a page's
// measured run and read right after. Only that role and database are reset,
// so other statistics on the server are left alone.

export type TStatementStat = {
  query: string;
  calls: number;
  meanMs: number;
  totalMs: number;
  /** Share of the app role's total execution time in this run, 0 to 1. */
  share: number;
};

const APP_ROLE = "wedding_app";
const MAX_QUERY_TEXT = 140;

async function withClient<T>(ownerUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "wedding-planner-loadtest" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** False when pg_stat_statements is not installed in the database (then no statements are reported). */
export async function resetAppStatements(ownerUrl: string): Promise<boolean> {
  return withClient(ownerUrl, async (client) => {
    const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    if (installed.rowCount === 0) return false;
    await client.query(
      `SELECT pg_stat_statements_reset(
                (SELECT oid FROM pg_roles WHERE rolname = $1),
                (SELECT oid FROM pg_database WHERE datname = current_database()),
                0)`,
      [APP_ROLE],
    );
    return true;
  });
}

export function shortenQuery(query: string): string {
  const oneLine = query.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_QUERY_TEXT ? `${oneLine.slice(0, MAX_QUERY_TEXT - 1)}…` : oneLine;
}

export async function readTopAppStatements(ownerUrl: string, limit: number): Promise<TStatementStat[]> {
  return withClient(ownerUrl, async (client) => {
    const { rows } = await client.query<{ query: string; calls: string; mean: number; total: number; all: number }>(
      `SELECT query, calls::text AS calls, mean_exec_time AS mean, total_exec_time AS total, all_time AS all
         FROM (SELECT s.*, sum(total_exec_time) OVER () AS all_time
                 FROM pg_stat_statements s
                WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = $1)
                  AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) s
        ORDER BY total_exec_time DESC
        LIMIT $2`,
      [APP_ROLE, limit],
    );
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return rows.map((row) => ({
      query: shortenQuery(row.query),
      calls: Number(row.calls),
      meanMs: round(row.mean),
      totalMs: round(row.total),
      share: row.all > 0 ? Math.round((row.total / row.all) * 1000) / 1000 : 0,
    }));
  });
}
