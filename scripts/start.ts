import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { z } from "zod";
import { getKeyring } from "@/lib/crypto/keyring";
import { encryptLegacyPii } from "@/lib/crypto/maintenance";
import { ensureDatabase, prepareRuntimeRole } from "@/lib/db/server";
import { assertPortFree } from "@/lib/db/embedded-server";
import { acquireAppLock } from "./app-lock";
import { buildIsCurrent, recordBuild } from "./build-fingerprint";
import { runMigrations } from "./db";
import { fail, runMain } from "./cli";
import { seedIfEmpty, printDemoLogins } from "./demo";

// npm start: the database (embedded unless DATABASE_URL is set), migrations,
// demo data on first run, a production build when sources changed, then the
// app on http://localhost:$PORT. Ctrl-C stops the app and the database.
// npm run dev: the same with Next's dev server. Both run server.ts.

const ZFlags = z.array(z.enum(["--dev"])).max(1);
const ZPort = z.coerce.number().int().min(1).max(65535);

async function main(argv: string[]) {
  const flags = ZFlags.safeParse(argv);
  if (!flags.success) fail(`Unknown option ${argv.join(" ")}. Usage: npm start | npm run dev`);
  const dev = flags.data.includes("--dev");
  const port = ZPort.safeParse(process.env.PORT ?? "3000");
  if (!port.success) fail(`PORT must be a port number (got "${process.env.PORT}").`);
  const url = `http://localhost:${port.data}`;

  const lock = acquireAppLock(url);
  if (!lock.ok) {
    fail(
      `The wedding planner is already running from this folder (pid ${lock.holder.pid}, ${lock.holder.url}, since ${lock.holder.startedAt}).\n` +
        `Open ${lock.holder.url}, or stop it with Ctrl-C in its terminal first.`,
    );
  }
  process.on("exit", lock.release);
  await assertPortFree(port.data, "PORT");

  const db = await ensureDatabase();
  const running: { app?: ChildProcess } = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const app = running.app;
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    }
    await db.stop();
    lock.release();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await runMigrations(db.ownerUrl);
    await prepareRuntimeRole(db);
    const legacy = await encryptLegacyPii(db.ownerUrl, getKeyring());
    if (legacy.clients + legacy.guests > 0) {
      console.log(`Encrypted the phone numbers of ${legacy.clients} client(s) and ${legacy.guests} guest(s).`);
    }
    await seedIfEmpty(db.ownerUrl);
    if (!dev) buildIfChanged();
  } catch (error) {
    await db.stop();
    throw error;
  }

  const env = {
    ...process.env,
    APP_DATABASE_URL: db.appUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port.data),
    NODE_ENV: dev ? ("development" as const) : ("production" as const),
  };
  // server.ts, not `next start`: it tells the app each client's address (admin allowlist, sign-in limits).
  const app = spawn("npx", ["--no-install", "tsx", "server.ts", ...(dev ? ["--dev"] : [])], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.app = app;
  app.stdout!.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (/> Ready on /.test(chunk.toString())) {
      printDemoLogins();
      console.log(`\nThe wedding planner is running on ${url}  (Ctrl-C stops it and the database)\n`);
    }
  });
  app.on("exit", (code) => void shutdown(code ?? 0));
  await new Promise(() => {});
}

function buildIfChanged() {
  if (buildIsCurrent()) return;
  console.log("Building the app (first start, or sources changed) ...");
  const result = spawnSync("npx", ["--no-install", "next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) fail("next build failed; see the output above.");
  recordBuild();
}

runMain(import.meta.url, main);
