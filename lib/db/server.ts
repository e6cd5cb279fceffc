import pg from "pg";
import { databaseName, resolveDbTarget, withDatabase, type DbEnv } from "./config";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { APP_ROLE } from "./config";
import { ensureEmbeddedServer, findRunningCluster, embeddedUrl } from "./embedded-server";
import { formatDatabaseTls } from "./tls";

// Brings up whatever database the environment names: the embedded cluster by
// default, or the external PostgreSQL in DATABASE_URL. Used by every script.

export type Database = {
  /** Owner (migration) URL of the app database. */
  ownerUrl: string;
  /** URL the running app uses. */
  appUrl: string;
  kind: "embedded" | "external";
  /** Stops the embedded cluster if this process started it. */
  stop: () => Promise<void>;
};

export class DatabaseUnreachableError extends Error {}

export async function ensureDatabase(
  options: { env?: DbEnv; log?: (line: string) => void; createIfMissing?: boolean } = {},
): Promise<Database> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const target = resolveDbTarget(env);
  if (target.kind === "external") {
    await assertReachable(target.ownerUrl);
    await assertServerVersion(target.ownerUrl);
    // TLS follows sslmode in each URL (lib/db/tls.ts); say which, never the URL itself.
    const owner = formatDatabaseTls(target.ownerUrl);
    const app = formatDatabaseTls(target.appUrl);
    log(`External PostgreSQL ${owner}${app === owner ? "" : `; the app connects to ${app}`}.`);
    return { ownerUrl: target.ownerUrl, appUrl: target.appUrl, kind: "external", stop: async () => {} };
  }
  const server = await ensureEmbeddedServer({ dataDir: target.dataDir, port: target.port, log });
  if (server.owned) log(`PostgreSQL 15 (embedded) is running on 127.0.0.1:${server.port}.`);
  else log(`Using the embedded PostgreSQL already running on 127.0.0.1:${server.port} (pid ${server.pid}).`);
  const ownerUrl = server.urlFor(target.dbName);
  if (options.createIfMissing !== false) await createDatabaseIfMissing(server.urlFor("postgres"), target.dbName);
  return {
    ownerUrl,
    appUrl: runtimeUrl(ownerUrl, appPassword(`${target.dataDir}.app-password`)),
    kind: "embedded",
    stop: server.stop,
  };
}

/** The wedding_app role's password for the embedded cluster, generated once. */
export function appPassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The owner URL with the runtime role and its password instead of the owner's. */
export function runtimeUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/**
 * After migrations: the embedded cluster's runtime role gets its password. An
 * external server's operator sets it (README), and the app must not fall back
 * to the owner's connection.
 */
export async function prepareRuntimeRole(db: Database): Promise<void> {
  if (db.kind === "embedded") {
    await setRuntimePassword(db.ownerUrl, db.appUrl);
    return;
  }
  if (db.appUrl === db.ownerUrl) {
    throw new Error(
      "APP_DATABASE_URL is not set. The app runs as the wedding_app role, never as the owner in DATABASE_URL: " +
        "give wedding_app a password (README, 'An external PostgreSQL') and set " +
        "APP_DATABASE_URL=postgresql://wedding_app:PASSWORD@host:5432/database.",
    );
  }
}

/**
 * Gives the runtime role its password (after migrations created the role).
 * For an external server the operator does this; see the README.
 */
export async function setRuntimePassword(ownerUrl: string, appUrl: string): Promise<void> {
  const password = decodeURIComponent(new URL(appUrl).password);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT app_set_runtime_password($1)", [password]);
  } finally {
    await client.end();
  }
}

/** The owner URL in use, without starting anything (for `npm run db:url`). */
export function currentOwnerUrl(env: DbEnv = process.env): string {
  const target = resolveDbTarget(env);
  if (target.kind === "external") return target.ownerUrl;
  const running = findRunningCluster(target.dataDir);
  return embeddedUrl(target.dataDir, running?.port ?? target.port, target.dbName);
}

export async function createDatabaseIfMissing(maintenanceUrl: string, dbName: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(dbName)}`);
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(maintenanceUrl: string, dbName: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(dbName)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function assertReachable(url: string): Promise<void> {
  const parsed = new URL(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${parsed.hostname}:${parsed.port || 5432} (database "${databaseName(url)}", ` +
        `user "${decodeURIComponent(parsed.username)}"): ${reason}. Check DATABASE_URL, or unset it to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

async function assertServerVersion(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    if (Number(rows[0]?.v) < 150000) {
      throw new Error(`DATABASE_URL points at PostgreSQL ${rows[0]?.v}; this app needs PostgreSQL 15 or later.`);
    }
  } finally {
    await client.end();
  }
}

/** pg_stat_statements needs a superuser to install; try, and say so if not possible. */
export async function ensureStatStatements(ownerUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  } catch (error) {
    log(`note: pg_stat_statements is not available (${(error as Error).message}); the health page will show less.`);
  } finally {
    await client.end();
  }
}

export { withDatabase };
