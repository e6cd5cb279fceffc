import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertReachable, DatabaseUnreachableError } from "./server";
import {
  ensureEmbeddedServer,
  findRunningCluster,
  freePort,
  PortInUseError,
  type RunningServer,
} from "./embedded-server";

// A cluster of its own in a temporary directory, so these tests can crash and
// restart it without touching the shared test cluster.
const parent = fs.mkdtempSync(path.join(os.tmpdir(), "wp-embedded-"));
// PostgreSQL runs as the postgres user when the tests run as root: it must be able to enter the folder.
fs.chmodSync(parent, 0o755);
const dataDir = path.join(parent, "pg");
const logs: string[] = [];
let port: number;
let server: RunningServer | undefined;

async function select1(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  port = await freePort();
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe("the embedded PostgreSQL", () => {
  it(
    "creates a PostgreSQL 15 cluster on first start, with pg_stat_statements preloaded",
    { timeout: 120_000 },
    async () => {
      server = await ensureEmbeddedServer({ dataDir, port, log: (l) => logs.push(l) });
      expect(server.owned).toBe(true);
      const client = new pg.Client({ connectionString: server.urlFor("postgres") });
      await client.connect();
      const version = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      const preload = await client.query<{ s: string }>("SELECT current_setting('shared_preload_libraries') AS s");
      const listen = await client.query<{ s: string }>("SELECT current_setting('listen_addresses') AS s");
      const logging = await client.query<{ slow: string; params: string }>(
        "SELECT current_setting('log_min_duration_statement') AS slow, current_setting('log_parameter_max_length') AS params",
      );
      await client.end();
      expect(Number(version.rows[0]!.v)).toBeGreaterThanOrEqual(150000);
      expect(Number(version.rows[0]!.v)).toBeLessThan(160000);
      expect(preload.rows[0]!.s).toContain("pg_stat_statements");
      expect(listen.rows[0]!.s).toBe("127.0.0.1");
      expect(logging.rows[0]).toEqual({ slow: "500ms", params: "0" });
    },
  );

  it("is found and reused by a second caller instead of started twice", async () => {
    const second = await ensureEmbeddedServer({ dataDir, port: port + 1 });
    expect(second.owned).toBe(false);
    expect(second.port).toBe(port);
    expect(second.pid).toBe(findRunningCluster(dataDir)!.pid);
    expect(await select1(second.urlFor("postgres"))).toBe(1);
  });

  it("recovers from a stale postmaster.pid left by a crash", { timeout: 60_000 }, async () => {
    await server!.stop();
    // A pid file whose pid belongs to a process that is not PostgreSQL.
    fs.writeFileSync(path.join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n0\n${port}\n`);
    expect(findRunningCluster(dataDir)).toBeNull();
    server = await ensureEmbeddedServer({ dataDir, port, log: (l) => logs.push(l) });
    expect(server.owned).toBe(true);
    expect(logs.join("\n")).toContain("stale postmaster.pid");
    expect(await select1(server.urlFor("postgres"))).toBe(1);
  });

  it("names the port and the variable to change when the port is taken", async () => {
    await server!.stop();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const error = await ensureEmbeddedServer({ dataDir, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toContain(`Port ${port} is already in use`);
      expect((error as Error).message).toContain("EMBEDDED_PG_PORT");
      expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      server = undefined;
    }
  });
});

describe("an external DATABASE_URL", () => {
  it("that is unreachable gets an error naming the host, without the password", async () => {
    const closed = await freePort();
    const error = await assertReachable(`postgresql://planner:s3cret-pw@127.0.0.1:${closed}/wedding`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain(`127.0.0.1:${closed}`);
    expect((error as Error).message).not.toContain("s3cret-pw");
  });
});

describe("ensureDatabase with DATABASE_URL", () => {
  it("uses the external server and starts nothing", async () => {
    const { ensureDatabase } = await import("./server");
    const url = process.env.TEST_PG_ADMIN_URL!;
    const db = await ensureDatabase({ env: { DATABASE_URL: url }, log: () => {} });
    expect(db.kind).toBe("external");
    expect(db.ownerUrl).toBe(new URL(url).toString());
    expect(db.appUrl).toBe(db.ownerUrl);
    await db.stop();
    expect(await select1(url)).toBe(1);
  });
});
