import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { processGroupAlive } from "./machine";

// The production server the load test measures: server.ts over the last
// `next build`, started as scripts/start.ts starts it (npx tsx server.ts,
// NODE_ENV=production), on the benchmark database's runtime role. Its JSON
// log goes to a file; the run reads /api/metrics once, with a token made for
// this run, to confirm the pool size the server actually uses.

export type TAppServer = {
  pid: number | null;
  baseUrl: string;
  metricsToken: string;
  logFile: string;
  stop: () => Promise<void>;
};

export type TAppServerOptions = {
  port: number;
  appDatabaseUrl: string;
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
  /** The command that serves the app; tests replace it. */
  command?: string[];
};

const SERVE = ["npx", "--no-install", "tsx", "server.ts"];

export async function startAppServer(options: TAppServerOptions): Promise<TAppServer> {
  const metricsToken = randomBytes(24).toString("base64url");
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.createWriteStream(options.logFile);
  const [command, ...args] = options.command ?? SERVE;
  const child = spawn(command!, args, {
    env: {
      ...process.env,
      ...options.env,
      APP_DATABASE_URL: options.appDatabaseUrl,
      PORT: String(options.port),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      METRICS_TOKEN: metricsToken,
      // Sessions of this run only; the development key file stays untouched.
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx and tsx do not pass SIGTERM on to the node that serves.
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  /** Sends `signal` to the server's process group; false when the group is gone. */
  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  // An exited process the system has not reaped yet still takes signals; /proc tells them apart.
  const groupAlive = () => (child.pid ? (processGroupAlive(child.pid) ?? signalGroup(0)) : false);
  const stop = async () => {
    signalGroup("SIGTERM");
    // server.ts closes within 3 s of SIGTERM; whatever is left after 8 s is killed.
    const deadline = Date.now() + 8_000;
    while (groupAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive()) {
      signalGroup("SIGKILL");
      while (groupAlive() && Date.now() < deadline + 2_000) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    log.end();
  };

  const ready = new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes("> Ready on ")) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`The app server exited with code ${code} before it was ready; see ${options.logFile}.`)),
    );
    setTimeout(
      () =>
        reject(
          new Error(
            `The app server was not ready after ${(options.readyTimeoutMs ?? 120_000) / 1000} s; see ${options.logFile}.`,
          ),
        ),
      options.readyTimeoutMs ?? 120_000,
    ).unref();
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid ?? null,
    baseUrl: `http://127.0.0.1:${options.port}`,
    metricsToken,
    logFile: options.logFile,
    stop,
  };
}

type TMetricsSource = Pick<TAppServer, "baseUrl" | "metricsToken">;

async function readMetrics(server: TMetricsSource): Promise<string | null> {
  try {
    const response = await fetch(new URL("/api/metrics", server.baseUrl), {
      headers: { authorization: `Bearer ${server.metricsToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

function mainPoolGauge(metrics: string, name: string, state?: string): number | null {
  for (const line of metrics.split("\n")) {
    const match = /^(\w+)\{([^}]*)\}\s+(\S+)$/.exec(line.trim());
    if (!match || match[1] !== name || !match[2]!.includes('pool="main"')) continue;
    if (state && !match[2]!.includes(`state="${state}"`)) continue;
    const value = Number(match[3]);
    return Number.isFinite(value) ? value : null;
  }
  return null;
}

/** The main pool's configured size in Prometheus text from /api/metrics, or null. */
export function parsePoolMax(metrics: string): number | null {
  return mainPoolGauge(metrics, "db_pool_max_connections");
}

/** Connections of the main pool in use, and requests waiting for one; null when not reported. */
export function parsePoolUsage(metrics: string): { inUse: number; waiting: number } | null {
  const inUse = mainPoolGauge(metrics, "db_pool_connections", "in_use");
  const waiting = mainPoolGauge(metrics, "db_pool_connections", "waiting");
  return inUse === null || waiting === null ? null : { inUse, waiting };
}

/** The main pool's configured size as the running server reports it, or null. */
export async function readReportedPoolSize(server: TMetricsSource): Promise<number | null> {
  const metrics = await readMetrics(server);
  return metrics === null ? null : parsePoolMax(metrics);
}

/**
 * Waits until the server's main pool is idle twice in a row: requests that a
 * page's run left behind (autocannon stops, the server still works on what it
 * was sent) must not slow the next page. Resolves to the seconds waited.
 */
export async function waitUntilIdle(server: TMetricsSource, timeoutMs = 120_000, intervalMs = 500): Promise<number> {
  const started = Date.now();
  let idleInARow = 0;
  while (Date.now() - started < timeoutMs) {
    const metrics = await readMetrics(server);
    const usage = metrics === null ? null : parsePoolUsage(metrics);
    // A pool not created yet (no page served) is idle too.
    const idle = metrics !== null && (usage === null || (usage.inUse === 0 && usage.waiting === 0));
    idleInARow = idle ? idleInARow + 1 : 0;
    if (idleInARow >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Math.round((Date.now() - started) / 100) / 10;
}
