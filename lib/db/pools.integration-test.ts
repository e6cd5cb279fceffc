import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "./with-identity";
import type * as WithIdentity from "./with-identity";

// The two pools (report section 1.3): a saturated report pool leaves the
// interactive pool free, each pool has the timeouts it was configured with,
// and row-level security holds on both.

let db: TestDatabase;
let w: typeof WithIdentity;
let disconnect: () => Promise<void>;
let admin: Identity;
let planner: Identity;

const SETTINGS = {
  DB_POOL_SIZE: "3",
  DB_STATEMENT_TIMEOUT_MS: "700",
  REPORT_DB_POOL_SIZE: "1",
  REPORT_STATEMENT_TIMEOUT_MS: "2500",
  REPORT_LOCK_TIMEOUT_MS: "300",
};

beforeAll(async () => {
  db = await createTestDatabase();
  Object.assign(process.env, SETTINGS, { APP_DATABASE_URL: db.appUrl });
  w = await import("./with-identity");
  const { getPrisma, getReportPrisma } = await import("./client");
  disconnect = async () => {
    await getPrisma().$disconnect();
    await getReportPrisma().$disconnect();
  };
  const ada = await db.prisma.user.create({ data: { email: "ada@example.test", name: "Ada", role: "admin" } });
  const pia = await db.prisma.user.create({ data: { email: "pia@example.test", name: "Pia", role: "planner" } });
  admin = { kind: "user", userId: ada.id, role: "admin" };
  planner = { kind: "user", userId: pia.id, role: "planner" };
});

afterAll(async () => {
  await disconnect();
  await db.drop();
  for (const name of Object.keys(SETTINGS)) delete process.env[name];
});

type Setting = { statement_timeout: string; lock_timeout: string; application_name: string };

async function settings(pool: "main" | "report"): Promise<Setting> {
  return w.withIdentity(
    admin,
    async (tx) => {
      const [row] = await tx.$queryRaw<Setting[]>`
        SELECT current_setting('statement_timeout') AS statement_timeout,
               current_setting('lock_timeout') AS lock_timeout,
               current_setting('application_name') AS application_name`;
      return row!;
    },
    { pool },
  );
}

describe("the interactive and report pools", () => {
  it("run with the statement and lock timeouts they were configured with", async () => {
    expect(await settings("main")).toEqual({
      statement_timeout: "700ms",
      lock_timeout: "0",
      application_name: "wedding-planner",
    });
    expect(await settings("report")).toEqual({
      statement_timeout: "2500ms",
      lock_timeout: "300ms",
      application_name: "wedding-planner-report",
    });
  });

  it("cancel a statement that outlasts its pool's timeout, and only then", async () => {
    await expect(w.withIdentity(admin, (tx) => tx.$executeRaw`SELECT pg_sleep(1)`, { pool: "main" })).rejects.toThrow(
      /statement timeout/i,
    );
    await expect(
      w.withIdentity(admin, (tx) => tx.$executeRaw`SELECT pg_sleep(1)`, { pool: "report" }),
    ).resolves.toBeDefined();
  });

  it("keep answering interactive requests while every report connection is busy", async () => {
    const report = w.withIdentity(admin, (tx) => tx.$executeRaw`SELECT pg_sleep(1.5)`, { pool: "report" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The report pool's one connection is taken: another report waits, then gives up.
    await expect(
      w.withIdentity(admin, (tx) => tx.$queryRaw`SELECT 1`, { pool: "report", maxWaitMs: 300 }),
    ).rejects.toThrow();
    const started = Date.now();
    const interactive = await Promise.all(
      [1, 2, 3].map(() => w.withIdentity(admin, (tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`)),
    );
    expect(interactive.map((rows) => rows[0]!.one)).toEqual([1, 1, 1]);
    expect(Date.now() - started).toBeLessThan(1000);
    await report;
  });

  it("give up on a lock instead of queueing a report behind a DDL lock", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE venue IN ACCESS EXCLUSIVE MODE");
      await expect(
        w.withIdentity(admin, (tx) => tx.$queryRaw`SELECT count(*) FROM venue`, { pool: "report" }),
      ).rejects.toThrow(/lock timeout/i);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });

  it("keep row-level security on the report pool", async () => {
    const seen = async (identity: Identity) => w.withIdentity(identity, (tx) => tx.user.count(), { pool: "report" });
    expect(await seen(planner)).toBe(1);
    expect(await seen(admin)).toBe(2);
    expect(await seen({ kind: "guest", guestToken: "no-such-token" })).toBe(0);
  });
});
