import path from "node:path";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/server";
import { ensureEmbeddedServer, freePort, type RunningServer } from "@/lib/db/embedded-server";
import { migrate } from "@/lib/db/migrate";
import { withDatabase } from "@/lib/db/config";

// The test cluster: its own data directory, never the dev data, with
// durability turned off because every database on it is thrown away.

export const TEMPLATE_DB = "wp_test_template";

export async function startTestCluster(): Promise<RunningServer> {
  const dataDir = path.resolve(process.env.TEST_PG_DATA ?? ".data/postgres-test");
  const port = Number(process.env.TEST_PG_PORT ?? 0) || (await freePort());
  return ensureEmbeddedServer(
    {
      dataDir,
      port,
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "300" },
    },
    "TEST_PG_PORT",
  );
}

/** Refuses anything but a local server: tests create and drop databases. */
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Tests create and drop databases, so they only run against a local server (got host ${host}).`);
  }
}

/** Builds the migrated template that every test database is copied from. */
export async function buildTemplate(adminUrl: string): Promise<void> {
  await dropDatabase(adminUrl, TEMPLATE_DB);
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DB);
  await migrate(withDatabase(adminUrl, TEMPLATE_DB), path.resolve("prisma/migrations"));
}
