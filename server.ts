import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { z } from "zod";
import { SERVER_MARK_ENV } from "@/lib/auth/client-ip";
import { getSessionMaxAgeSeconds } from "@/lib/auth/config";
import { getAdminAllowlist } from "@/lib/auth/ip-allowlist";
import { getAuthSecret } from "@/lib/auth/secret";
import { stampClientAddress } from "@/lib/auth/stamp-client-address";
import { getLogger, parseLogLevel } from "@/lib/log/logger";
import { startHostSampler } from "@/lib/metrics/host";
import { instrumentRequest } from "@/lib/metrics/instrument";
import { routePatternsFromAppDir } from "@/lib/metrics/routes";
import { getMetricsToken } from "@/lib/metrics/token";
import { setSecurityHeaders } from "@/lib/security/headers";

// The app's HTTP server: Next.js behind a thin node:http layer that tells the
// app the TCP peer's address (Next.js does not expose it to proxy.ts or server
// code), gives every request an id (x-request-id), and times it into the
// latency histogram by route pattern, with one JSON log line per request.
// `tsx server.ts` serves the production build; `tsx server.ts --dev` runs
// Next's dev server. PORT picks the port.

const ZFlags = z.array(z.enum(["--dev"])).max(1);
const ZPort = z.coerce.number().int().min(1).max(65535);

// Startup failures are for the person starting the server: plain text on stderr.
function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

async function main() {
  const flags = ZFlags.safeParse(process.argv.slice(2));
  if (!flags.success) fail(`Unknown option ${process.argv.slice(2).join(" ")}. Usage: tsx server.ts [--dev]`);
  const dev = flags.data.includes("--dev");
  const port = ZPort.safeParse(process.env.PORT ?? "3000");
  if (!port.success) fail(`PORT must be a port number (got "${process.env.PORT}").`);
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });

  // Settings that would weaken sign-in stop the server here, with a message, instead of at the first request.
  try {
    getAuthSecret();
    getSessionMaxAgeSeconds();
    getAdminAllowlist();
    parseLogLevel(process.env.LOG_LEVEL);
    const metrics = getMetricsToken();
    if (metrics.kind === "invalid") throw new Error(metrics.reason);
  } catch (error) {
    fail((error as Error).message);
  }
  const log = getLogger();
  const mark = randomBytes(18).toString("base64url");
  process.env[SERVER_MARK_ENV] = mark;

  const { default: next } = await import("next");
  const app = next({ dev, port: port.data });
  const handle = app.getRequestHandler();
  await app.prepare();

  // Route patterns from app/, so a label is "/weddings/[id]", never a wedding's (or an RSVP token's) URL.
  const routes = routePatternsFromAppDir(path.resolve("app"));
  startHostSampler();

  const server = createServer((req, res) => {
    stampClientAddress(req, mark);
    const reqId = instrumentRequest(req, res, routes, log);
    // Static files too; proxy.ts adds the Content-Security-Policy to pages.
    setSecurityHeaders(req, res);
    handle(req, res).catch((error: unknown) => {
      log.error({ reqId, err: error }, "request failed");
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.listen(port.data, () => {
    // scripts/start.ts waits for "> Ready on" in this line.
    log.info(`> Ready on http://localhost:${port.data} (${dev ? "development" : "production"})`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    // Open keep-alive connections must not hold the process.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  getLogger().fatal({ err: error }, "server failed to start");
  process.exit(1);
});
