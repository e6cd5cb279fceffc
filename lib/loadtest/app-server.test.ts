import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readReportedPoolSize, startAppServer, waitUntilIdle } from "./app-server";
import { processGroupAlive, processTreeTicks } from "./machine";

// Between pages the load test waits for the server's pool to go idle, reading
// /api/metrics with its bearer token, as the real server serves it.

function metricsServer(busyPolls: number) {
  let polls = 0;
  const authorized: boolean[] = [];
  const server = createServer((req, res) => {
    authorized.push(req.headers.authorization === "Bearer token-of-this-run-0123456789");
    const inUse = polls++ < busyPolls ? 4 : 0;
    res.setHeader("content-type", "text/plain");
    res.end(
      [
        'db_pool_max_connections{pool="main"} 10',
        `db_pool_connections{pool="main",state="in_use"} ${inUse}`,
        'db_pool_connections{pool="main",state="waiting"} 0',
      ].join("\n"),
    );
  });
  return { server, authorized, polls: () => polls };
}

async function listen(server: ReturnType<typeof createServer>) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    metricsToken: "token-of-this-run-0123456789",
  };
}

describe("the app server's metrics", () => {
  it("waitUntilIdle polls until the main pool is idle twice in a row", async () => {
    const fake = metricsServer(3);
    const target = await listen(fake.server);
    try {
      await waitUntilIdle(target, 10_000, 10);
      expect(fake.polls()).toBe(5);
      expect(fake.authorized.every(Boolean)).toBe(true);
      expect(await readReportedPoolSize(target)).toBe(10);
    } finally {
      await new Promise((resolve) => fake.server.close(resolve));
    }
  });

  it("waitUntilIdle gives up after its timeout, and an unreachable server reports no pool size", async () => {
    const fake = metricsServer(1_000_000);
    const target = await listen(fake.server);
    try {
      const waited = await waitUntilIdle(target, 200, 10);
      expect(waited).toBeGreaterThanOrEqual(0.2);
      expect(waited).toBeLessThan(2);
    } finally {
      await new Promise((resolve) => fake.server.close(resolve));
    }
    expect(await readReportedPoolSize(target)).toBeNull();
  });
});

describe("startAppServer", () => {
  it("waits for the ready line and stops the whole process tree, through npx and tsx", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loadtest-server-"));
    const script = path.join(dir, "serve.ts");
    // Ignores SIGTERM like a server still closing its connections, so stop() must finish the job.
    fs.writeFileSync(
      script,
      'process.on("SIGTERM", () => {});\nconsole.log(JSON.stringify({ msg: `> Ready on ${process.env.PORT}` }));\nsetInterval(() => {}, 1000);\n',
    );
    try {
      const server = await startAppServer({
        port: 3999,
        appDatabaseUrl: "postgresql://unused@127.0.0.1:1/none",
        env: { DB_POOL_SIZE: "7" },
        logFile: path.join(dir, "server.log"),
        command: ["npx", "--no-install", "tsx", script],
      });
      expect(server.baseUrl).toBe("http://127.0.0.1:3999");
      const pid = server.pid!;
      // npx, tsx's launcher and the node running the script.
      expect(processTreeTicks(pid)).not.toBeNull();
      expect(processGroupAlive(pid)).toBe(true);
      await server.stop();
      expect(processGroupAlive(pid)).toBe(false);
      expect(fs.readFileSync(path.join(dir, "server.log"), "utf8")).toContain("> Ready on 3999");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails with the log's name when the server exits before it is ready", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loadtest-server-"));
    try {
      await expect(
        startAppServer({
          port: 3999,
          appDatabaseUrl: "postgresql://unused@127.0.0.1:1/none",
          env: {},
          logFile: path.join(dir, "server.log"),
          command: ["node", "-e", "process.exit(3)"],
        }),
      ).rejects.toThrow(`The app server exited with code 3 before it was ready; see ${path.join(dir, "server.log")}.`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
