import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserIdentity } from "@/lib/auth/guards";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { BloatRow } from "./analysis";
import type * as Queries from "./queries";
import type * as Reset from "./reset";
import { DEFAULT_HEALTH_PARAMS } from "./schema";

// The health page's data function and the reset, through withIdentity as the
// app role: real figures for an admin, nothing for a planner.

let db: TestDatabase;
let q: typeof Queries;
let reset: typeof Reset;
let admin: UserIdentity;
let planner: UserIdentity;
let disconnect: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  q = await import("./queries");
  reset = await import("./reset");
  const { getPrisma, getReportPrisma } = await import("@/lib/db/client");
  disconnect = async () => {
    await getPrisma().$disconnect();
    await getReportPrisma().$disconnect();
  };
  const ada = await db.prisma.user.create({ data: { email: "ada@example.test", name: "Ada Admin", role: "admin" } });
  const pia = await db.prisma.user.create({
    data: { email: "pia@example.test", name: "Pia Planner", role: "planner" },
  });
  await db.prisma.planner.create({ data: { userId: pia.id } });
  admin = { kind: "user", userId: ada.id, role: "admin" };
  planner = { kind: "user", userId: pia.id, role: "planner" };
});

afterAll(async () => {
  await disconnect();
  await db.drop();
});

describe("getDatabaseHealth", () => {
  it("gives an admin real figures and records the visit as a sample", async () => {
    const health = await q.getDatabaseHealth(admin, { params: DEFAULT_HEALTH_PARAMS });
    expect(health).not.toBeNull();
    const h = health!;
    expect(h.server.statementsState).toBe("ok");
    expect(h.server.connections).toBeGreaterThan(0);
    expect(h.server.maxConnections).toBeGreaterThan(h.server.connections);
    expect(h.alerts.map((a) => a.key)).toEqual(["deadlocks", "replication", "cpu", "io", "cache"]);
    expect(h.alerts.find((a) => a.key === "replication")).toMatchObject({ reading: "no replica", status: "N/A" });
    expect(h.topQueries.length).toBeGreaterThan(0);
    expect(h.topQueries[0]!.calls).toBeGreaterThan(0);
    expect(h.indexes.length).toBeGreaterThan(20);
    expect(h.unused.every((i) => !i.isPrimary && !i.isUnique && i.indexName !== "booking_venue_day_key")).toBe(true);
    expect(h.tables.find((t) => t.tableName === "booking")?.partitions).toBeGreaterThan(10);
    expect(h.bloat).toBeNull();
    expect(h.trend).toHaveLength(1);
    expect(h.trend[0]!.connections).toBeGreaterThan(0);

    const again = await q.getDatabaseHealth(admin, { params: { ...DEFAULT_HEALTH_PARAMS, sort: "calls", dir: "asc" } });
    expect(again!.trend).toHaveLength(2);
    const calls = again!.topQueries.map((t) => t.calls);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
  });

  it("measures bloat when asked, rolled up to the parents", async () => {
    const health = await q.getDatabaseHealth(admin, { params: { ...DEFAULT_HEALTH_PARAMS, bloat: "1" } });
    expect(Array.isArray(health!.bloat)).toBe(true);
    const bloat = health!.bloat as BloatRow[];
    expect(bloat.find((b) => b.kind === "table" && b.relationName === "booking")?.partitions).toBeGreaterThan(10);
  });

  it("lists a long-running statement", async () => {
    const sleeper = db.pool.query("SELECT pg_sleep(2)");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const health = await q.getDatabaseHealth(admin, { params: DEFAULT_HEALTH_PARAMS, longQuerySeconds: 1 });
    expect(
      health!.longQueries.some((s) => s.query === "SELECT pg_sleep($1)" || s.query.startsWith("SELECT pg_sleep")),
    ).toBe(true);
    await sleeper;
  });

  it("gives a planner nothing", async () => {
    expect(await q.getDatabaseHealth(planner, { params: DEFAULT_HEALTH_PARAMS })).toBeNull();
  });
});

describe("resetStatistics", () => {
  it("refuses a planner as if nothing existed, and records nothing", async () => {
    await expect(reset.resetStatistics(planner, "statements")).rejects.toThrow("Not found.");
    await expect(reset.resetStatistics(planner, "database")).rejects.toThrow("Not found.");
    expect(await db.prisma.dbStatsReset.count()).toBe(0);
  });

  it("resets for an admin and shows who did it on the page", async () => {
    const at = await reset.resetStatistics(admin, "statements");
    expect(at).toBeInstanceOf(Date);
    const health = await q.getDatabaseHealth(admin, { params: DEFAULT_HEALTH_PARAMS });
    expect(health!.resets[0]).toMatchObject({ target: "statements", by: "Ada Admin (ada@example.test)" });
    const audit = await db.prisma.auditLog.findMany({ where: { tableName: "db_stats_reset" } });
    expect(audit.map((a) => a.changedBy)).toEqual([`user:${admin.userId}`]);
  });
});
