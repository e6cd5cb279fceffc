import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "@/lib/db/embedded-server";
import { startTestCluster } from "@/lib/test/cluster";

// sslmode in the connection URL, against a real PostgreSQL with TLS on: the
// app's Prisma pool (createAppClient) and the scripts' pg.Client
// (assertReachable) connect encrypted and verified when the URL asks, and
// refuse a server whose certificate they cannot verify. A cluster of its own,
// so turning TLS on touches no other test.

let server: RunningServer;
let certDir: string;
let rootCert: string;
let superUrl: string;

function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
  return u.toString();
}

function password(url: string): string {
  return decodeURIComponent(new URL(url).password);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startTestCluster();
  superUrl = server.urlFor("postgres");
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-db-tls-"));
  fs.chmodSync(certDir, 0o755);
  rootCert = path.join(certDir, "server.crt");
  const key = path.join(certDir, "server.key");
  // Self-signed, for the address the cluster listens on: it is its own CA.
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", rootCert],
    ],
    { stdio: "ignore" },
  );
  // PostgreSQL reads its key only if it owns it and nobody else may read it.
  const [{ data_directory }] = (await query<{ data_directory: string }>(superUrl, "SHOW data_directory")) as [
    { data_directory: string },
  ];
  const owner = fs.statSync(data_directory);
  fs.chownSync(key, owner.uid, owner.gid);
  fs.chmodSync(key, 0o600);
  fs.chmodSync(rootCert, 0o644);

  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  try {
    await admin.query(`ALTER SYSTEM SET ssl_cert_file = ${admin.escapeLiteral(rootCert)}`);
    await admin.query(`ALTER SYSTEM SET ssl_key_file = ${admin.escapeLiteral(key)}`);
    await admin.query("ALTER SYSTEM SET ssl = on");
    await admin.query("SELECT pg_reload_conf()");
  } finally {
    await admin.end();
  }
  for (let i = 0; i < 50; i++) {
    const [row] = await query<{ ssl: string }>(superUrl, "SHOW ssl");
    if (row?.ssl === "on") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The test cluster did not turn TLS on; see its log.");
});

afterAll(async () => {
  await server?.stop();
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

type SslRow = { ssl: boolean; version: string | null };
const SSL_OF_THIS_CONNECTION = "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

describe("the app's Prisma pool", () => {
  async function sslOfAppClient(url: string): Promise<SslRow> {
    process.env.APP_DATABASE_URL = url;
    const { createAppClient } = await import("./client");
    const prisma = createAppClient({ poolSize: 1, applicationName: "tls-test" });
    try {
      const [row] = await prisma.$queryRaw<SslRow[]>`SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()`;
      return row!;
    } finally {
      await prisma.$disconnect();
    }
  }

  it("connects over TLS 1.2+ when the URL says sslmode=verify-full with the server's CA", async () => {
    const url = withParams(superUrl, { sslmode: "verify-full", sslrootcert: rootCert });
    const row = await sslOfAppClient(url);
    expect(row.ssl).toBe(true);
    expect(row.version).toMatch(/^TLSv1\.[23]$/);
  });

  it("stays plaintext when the URL does not ask (so the check above means something)", async () => {
    expect((await sslOfAppClient(superUrl)).ssl).toBe(false);
    expect((await sslOfAppClient(withParams(superUrl, { sslmode: "disable" }))).ssl).toBe(false);
  });

  it("refuses a certificate it cannot verify: sslmode=require checks it too (node-postgres 8)", async () => {
    const url = withParams(superUrl, { sslmode: "require" });
    const failure = await sslOfAppClient(url).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure).not.toBeNull();
    expect(String(failure?.message) + String(failure?.cause ?? "")).toMatch(/self[- ]signed|certificate/i);
    expect(String(failure?.message)).not.toContain(password(superUrl));
  });
});

describe("the scripts' pg.Client", () => {
  it("connects verified with sslrootcert, and reports a refused certificate without the password", async () => {
    const { assertReachable, DatabaseUnreachableError } = await import("./server");
    await expect(
      assertReachable(withParams(superUrl, { sslmode: "verify-full", sslrootcert: rootCert })),
    ).resolves.toBeUndefined();
    const [row] = await query<SslRow>(
      withParams(superUrl, { sslmode: "verify-full", sslrootcert: rootCert }),
      SSL_OF_THIS_CONNECTION,
    );
    expect(row?.ssl).toBe(true);

    const refused = await assertReachable(withParams(superUrl, { sslmode: "verify-full" })).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(refused).toBeInstanceOf(DatabaseUnreachableError);
    expect(refused?.message).toMatch(/SELF_SIGNED|certificate/i);
    expect(refused?.message).not.toContain(password(superUrl));
  });

  it("ensureDatabase logs the TLS mode of an external database, never its URL", async () => {
    const { ensureDatabase } = await import("./server");
    const lines: string[] = [];
    const url = withParams(superUrl, { sslmode: "verify-full", sslrootcert: rootCert });
    const db = await ensureDatabase({
      env: { DATABASE_URL: url, APP_DATABASE_URL: superUrl },
      log: (l) => lines.push(l),
    });
    expect(db.kind).toBe("external");
    expect(lines).toEqual([
      "External PostgreSQL 127.0.0.1: TLS, certificate and host name checked against sslrootcert; " +
        "the app connects to 127.0.0.1: no TLS (add sslmode=verify-full to its URL for a database on another machine).",
    ]);
    expect(lines.join("\n")).not.toContain(password(superUrl));
  });
});
