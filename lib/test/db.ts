import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { withDatabase } from "@/lib/db/config";
import { dropDatabase, runtimeUrl } from "@/lib/db/server";
import { TEMPLATE_DB } from "./cluster";

// A throwaway database for one test file, copied from the migrated template.
//   const db = await createTestDatabase();
//   afterAll(() => db.drop());

export type TestDatabase = {
  name: string;
  /** Owner (superuser) URL of this database. */
  url: string;
  /** The same database as the app's runtime role, wedding_app (row-level security applies). */
  appUrl: string;
  /** node-postgres pool as the owner, for setup and raw checks. */
  pool: pg.Pool;
  /** Prisma as the owner, for setup. */
  prisma: PrismaClient;
  drop: () => Promise<void>;
};

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error("TEST_PG_ADMIN_URL is not set: run the tests through `npm test` or `npx vitest`.");
  return url;
}

// pg's Pool.end() does not wait for its clients' sockets to close, so DROP
// DATABASE … WITH (FORCE) can terminate a client that is still closing, after
// the pool stopped listening to it: its FATAL 57P01 would surface as an
// unhandled error that fails the run. A closing client's error is expected.
function quietOnDrop(pool: pg.Pool): pg.Pool {
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

export async function createTestDatabase(prefix = "wp_t"): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(TEMPLATE_DB)}`,
    );
  } finally {
    await client.end();
  }
  const url = withDatabase(admin, name);
  const pool = quietOnDrop(new pg.Pool({ connectionString: url, max: 5 }));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(quietOnDrop(new pg.Pool({ connectionString: url, max: 5 })), { disposeExternalPool: true }),
  });
  const password = process.env.TEST_APP_PASSWORD;
  if (!password) throw new Error("TEST_APP_PASSWORD is not set: the global setup gives wedding_app a password.");
  return {
    name,
    url,
    appUrl: runtimeUrl(url, password),
    pool,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await pool.end();
      await dropDatabase(admin, name);
    },
  };
}
