import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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
};

export async function startAppServer(options: TAppServerOptions): Promise<TAppServer> {
  const metricsToken = randomBytes(24).toString("base64url");
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.createWriteStream(options.logFile);
  const child = spawn("npx", ["--no-install", "tsx", "server.ts"], {
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
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
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

/** The main pool's configured size as the running server reports it, or null. */
export async function readReportedPoolSize(
  server: Pick<TAppServer, "baseUrl" | "metricsToken">,
): Promise<number | null> {
  try {
    const response = await fetch(new URL("/api/metrics", server.baseUrl), {
      headers: { authorization: `Bearer ${server.metricsToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return null;
    return parsePoolMax(await response.text());
  } catch {
    return null;
  }
}

export function parsePoolMax(metrics: string): number | null {
  const match = /^db_pool_max_connections\{[^}]*pool="main"[^}]*\}\s+(\d+)/m.exec(metrics);
  return match ? Number(match[1]) : null;
}
