import path from "node:path";
import { z } from "zod";
import { projectRoot, parseDatabaseUrl, withDatabase, type DbEnv } from "@/lib/db/config";
import { ensureEmbeddedServer } from "@/lib/db/embedded-server";
import {
  appPassword,
  createDatabaseIfMissing,
  dropDatabase,
  ensureStatStatements,
  runtimeUrl,
  setRuntimePassword,
} from "@/lib/db/server";
import { migrate } from "@/lib/db/migrate";
import { benchDatabaseName, type TScale } from "./scales";

// The benchmark's own PostgreSQL: never the development data. By default a
// second embedded cluster in .data/bench-postgres, tuned for a 10M-row load and
// warm-cache reads on this machine (settings below, documented in
// docs/benchmarks.md); BENCH_DATABASE_URL names an external server instead, as
// its owner, and the database wp_bench_<scale> is created on it.

export const DEFAULT_BENCH_PORT = 5434;

/**
 * Load and read settings for the benchmark cluster. wal_level=minimal lets
 * CREATE INDEX skip the WAL; the rest keep the 10M-row working set in memory
 * (24 GiB machine) and avoid checkpoints during the load. JIT stays off: its
 * compile time (tens of ms) would dominate short queries with large estimates.
 */
export const BENCH_SERVER_SETTINGS: Record<string, string> = {
  shared_buffers: "6GB",
  effective_cache_size: "16GB",
  work_mem: "32MB",
  maintenance_work_mem: "1GB",
  max_parallel_maintenance_workers: "2",
  max_parallel_workers_per_gather: "2",
  wal_level: "minimal",
  max_wal_senders: "0",
  max_wal_size: "16GB",
  checkpoint_timeout: "30min",
  synchronous_commit: "off",
  random_page_cost: "1.1",
  jit: "off",
  max_connections: "200",
};

const ZPort = z.coerce.number().int().min(1024).max(65535);

export type BenchDatabase = {
  scale: TScale;
  /** Superuser URL of wp_bench_<scale>. */
  ownerUrl: string;
  /** The same database as the app's runtime role (row-level security applies). */
  appUrl: string;
  kind: "embedded" | "external";
  stop: () => Promise<void>;
};

type Target = { kind: "external"; maintenanceUrl: string } | { kind: "embedded"; dataDir: string; port: number };

export function benchTarget(env: DbEnv = process.env, root = projectRoot()): Target {
  const external = env.BENCH_DATABASE_URL?.trim();
  if (external)
    return { kind: "external", maintenanceUrl: parseDatabaseUrl(external, "BENCH_DATABASE_URL").toString() };
  const rawPort = env.BENCH_PG_PORT ?? String(DEFAULT_BENCH_PORT);
  const port = ZPort.safeParse(rawPort);
  if (!port.success) throw new Error(`BENCH_PG_PORT must be a port number between 1024 and 65535 (got "${rawPort}").`);
  return {
    kind: "embedded",
    port: port.data,
    dataDir: path.resolve(root, env.BENCH_PG_DATA ?? ".data/bench-postgres"),
  };
}

/**
 * Opens (and with `recreate`, drops, creates and migrates) the benchmark
 * database of one scale. Refuses to touch the development database.
 */
export async function openBenchDatabase(
  scale: TScale,
  options: { recreate?: boolean; env?: DbEnv; log?: (line: string) => void } = {},
): Promise<BenchDatabase> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  const target = benchTarget(env);
  const dbName = benchDatabaseName(scale);
  let maintenanceUrl: string;
  let appPasswordValue: string;
  let stop = async () => {};
  if (target.kind === "external") {
    maintenanceUrl = target.maintenanceUrl;
    const devUrl = env.DATABASE_URL?.trim();
    if (devUrl && sameDatabase(withDatabase(maintenanceUrl, dbName), devUrl)) {
      throw new Error("BENCH_DATABASE_URL would load the benchmark into DATABASE_URL's database. Use another server.");
    }
    // Roles are cluster-wide: the bench never changes wedding_app's password on
    // a server it does not own, it uses the one the operator gave the role.
    const password = env.BENCH_APP_PASSWORD?.trim();
    if (!password)
      throw new Error("With BENCH_DATABASE_URL, set BENCH_APP_PASSWORD to the wedding_app role's password.");
    appPasswordValue = password;
  } else {
    const server = await ensureEmbeddedServer(
      { dataDir: target.dataDir, port: target.port, log, settings: BENCH_SERVER_SETTINGS },
      "BENCH_PG_PORT",
    );
    if (server.owned) log(`Benchmark PostgreSQL 15 (embedded) is running on 127.0.0.1:${server.port}.`);
    maintenanceUrl = server.urlFor("postgres");
    appPasswordValue = appPassword(`${target.dataDir}.app-password`);
    stop = server.stop;
  }
  const ownerUrl = withDatabase(maintenanceUrl, dbName);
  if (options.recreate) {
    await dropDatabase(maintenanceUrl, dbName);
  }
  await createDatabaseIfMissing(maintenanceUrl, dbName);
  // A database loaded by an older checkout gets this checkout's migrations.
  await migrate(ownerUrl, path.resolve(projectRoot(), "prisma/migrations"), log);
  await ensureStatStatements(ownerUrl, log);
  const appUrl = runtimeUrl(ownerUrl, appPasswordValue);
  if (target.kind === "embedded") await setRuntimePassword(ownerUrl, appUrl);
  return { scale, ownerUrl, appUrl, kind: target.kind, stop };
}

function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
}
