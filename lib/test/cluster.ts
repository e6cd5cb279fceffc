import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createDatabaseIfMissing, dropDatabase, runtimeUrl, setRuntimePassword } from "@/lib/db/server";
import { ensureEmbeddedServer, findRunningCluster, freePort, type RunningServer } from "@/lib/db/embedded-server";
import { migrate } from "@/lib/db/migrate";
import { withDatabase } from "@/lib/db/config";

// The test cluster: its own data directory, never the dev data, with
// durability turned off because every database on it is thrown away.

export const TEMPLATE_DB = "wp_test_template";

/**
 * A cluster for one test run, in a folder of its own that is deleted when it
 * stops: concurrent runs (two terminals, helpers, CI) never share or stop each
 * other's server. initdb costs about two seconds.
 */
export async function startTestCluster(): Promise<RunningServer> {
  const root = path.resolve(process.env.TEST_PG_DATA ?? ".data/test-clusters");
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  removeAbandonedClusters(root);
  const dataDir = path.join(root, `run-${process.pid}-${Date.now().toString(36)}`);
  const port = Number(process.env.TEST_PG_PORT ?? 0) || (await freePort());
  const server = await ensureEmbeddedServer(
    {
      dataDir,
      port,
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "300" },
    },
    "TEST_PG_PORT",
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      for (const leftover of [dataDir, `${dataDir}.password`, `${dataDir}.log`])
        fs.rmSync(leftover, { recursive: true, force: true });
    },
  };
}

// Clusters of runs that were killed before they could clean up.
function removeAbandonedClusters(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const match = /^run-(\d+)-[a-z0-9]+$/.exec(name);
    if (!match) continue;
    const dir = path.join(root, name);
    if (findRunningCluster(dir)) continue;
    try {
      process.kill(Number(match[1]), 0);
      continue; // its test run is still alive
    } catch {
      for (const leftover of [dir, `${dir}.password`, `${dir}.log`])
        fs.rmSync(leftover, { recursive: true, force: true });
    }
  }
}

/** Refuses anything but a local server: tests create and drop databases. */
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Tests create and drop databases, so they only run against a local server (got host ${host}).`);
  }
}

/**
 * Builds the migrated template that every test database is copied from, and
 * gives the cluster's wedding_app role a password for this run, which it
 * returns (and puts in TEST_APP_PASSWORD for the test workers).
 */
export async function buildTemplate(adminUrl: string): Promise<string> {
  await dropDatabase(adminUrl, TEMPLATE_DB);
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DB);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  await migrate(templateUrl, path.resolve("prisma/migrations"));
  const password = process.env.TEST_APP_PASSWORD ?? randomBytes(12).toString("base64url");
  await setRuntimePassword(templateUrl, runtimeUrl(templateUrl, password));
  process.env.TEST_APP_PASSWORD = password;
  return password;
}
