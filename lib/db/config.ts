import path from "node:path";
import { z } from "zod";

// Where the database lives and how the app reaches it. Pure: reads only the
// environment it is given, so the rules are unit-tested.

export const DEFAULT_DB_NAME = "wedding_planner";
export const DEFAULT_EMBEDDED_PORT = 5433;
export const APP_ROLE = "wedding_app";

const ZPort = z.coerce.number().int().min(1024).max(65535);

export type DbEnv = Record<string, string | undefined>;

export type DbTarget =
  | { kind: "external"; ownerUrl: string; appUrl: string }
  | { kind: "embedded"; port: number; dataDir: string; dbName: string };

export function projectRoot(): string {
  return process.env.WEDDING_PLANNER_ROOT ?? process.cwd();
}

export function resolveDbTarget(env: DbEnv = process.env, root = projectRoot()): DbTarget {
  const external = env.DATABASE_URL?.trim();
  if (external) {
    const ownerUrl = parseDatabaseUrl(external, "DATABASE_URL").toString();
    const app = env.APP_DATABASE_URL?.trim();
    return {
      kind: "external",
      ownerUrl,
      appUrl: app ? parseDatabaseUrl(app, "APP_DATABASE_URL").toString() : ownerUrl,
    };
  }
  const rawPort = env.EMBEDDED_PG_PORT ?? String(DEFAULT_EMBEDDED_PORT);
  const port = ZPort.safeParse(rawPort);
  if (!port.success) {
    throw new Error(`EMBEDDED_PG_PORT must be a port number between 1024 and 65535 (got "${rawPort}").`);
  }
  return {
    kind: "embedded",
    port: port.data,
    dataDir: path.resolve(root, env.EMBEDDED_PG_DATA ?? ".data/postgres"),
    dbName: env.EMBEDDED_PG_DATABASE ?? DEFAULT_DB_NAME,
  };
}

export function parseDatabaseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a valid URL. Expected postgresql://user:password@host:5432/database.`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`${name} must start with postgresql:// (got ${url.protocol}//).`);
  }
  if (!url.pathname || url.pathname === "/") {
    throw new Error(`${name} must name a database, e.g. postgresql://user@${url.host}/wedding_planner.`);
  }
  return url;
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
