import pg from "pg";

// Read-only look-ups on the e2e database as its owner: the fixtures a spec
// needs (ids, guest tokens) and the rows it checks before and after a request.

export async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
