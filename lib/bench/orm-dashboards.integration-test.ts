import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type { TCockpitFilters } from "@/lib/weddings/cockpit-schema";
import type * as Cockpit from "@/lib/weddings/cockpit";
import type * as Overview from "@/lib/weddings/overview";
import type * as Guests from "@/lib/guests/queries";
import type * as Orm from "./orm-dashboards";
import type * as Compare from "./orm-compare";
import type { BenchSample } from "./sample";

// The ORM-convenience dashboards (bench only) give the same figures as the
// tuned queries the app runs, on the demo data: every wedding of every
// planner, with its budgets, RSVPs, payment schedules and overdue money.
// Versions and the overview's updatedAt are compared to the millisecond: a
// JavaScript Date keeps no more (the ORM path's known loss).

let db: TestDatabase;
let tuned: { cockpit: typeof Cockpit; overview: typeof Overview; guests: typeof Guests };
let orm: typeof Orm;
let compare: typeof Compare;
let disconnectApp: () => Promise<void>;
let planners: { identity: Identity; userId: number; weddingIds: number[] }[];

const TODAY = "2026-11-28";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  tuned = {
    cockpit: await import("@/lib/weddings/cockpit"),
    overview: await import("@/lib/weddings/overview"),
    guests: await import("@/lib/guests/queries"),
  };
  orm = await import("./orm-dashboards");
  compare = await import("./orm-compare");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const { rows } = await db.pool.query<{ user_id: number; wedding_ids: number[] }>(
    `SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS wedding_ids
     FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`,
  );
  planners = rows.map((r) => ({
    identity: { kind: "user", userId: r.user_id, role: "planner" },
    userId: r.user_id,
    weddingIds: r.wedding_ids,
  }));
}, 240_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

/** "2026-11-24T05:53:00.123456Z" and "2026-11-24 05:53:00.123456+00" → the instant to the millisecond. */
const ms = (value: string) => {
  const iso = value.replace(" ", "T").replace(/\+00$/, "Z");
  return new Date(iso.replace(/(\.\d{3})\d+/, "$1")).getTime();
};

function withoutVersions<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      (key === "version" || key === "updatedAt") && typeof v === "string" ? ms(v) : v,
    ),
  ) as T;
}

const filters = (change: Partial<TCockpitFilters> = {}): TCockpitFilters => ({
  sort: "date",
  dir: "asc",
  page: 1,
  size: 50,
  ...change,
});

describe("the ORM cockpit", () => {
  it("gives every planner the same rows, figures and order as the tuned cockpit", async () => {
    expect(planners.length).toBeGreaterThan(1);
    let overdue = 0;
    for (const planner of planners) {
      const a = await tuned.cockpit.listCockpit(planner.identity, filters(), TODAY);
      const b = await orm.ormCockpit(planner.identity, filters(), TODAY);
      expect(a.total).toBe(planner.weddingIds.length);
      expect(b).toEqual(a);
      overdue += a.rows.filter((r) => r.overdueCount > 0).length;
    }
    // The demo has overdue money and schedules: the balance arithmetic was exercised.
    expect(overdue).toBeGreaterThan(0);
  });

  it("sorts, filters and pages the same way", async () => {
    const planner = planners[0]!;
    const variants: Partial<TCockpitFilters>[] = [
      { sort: "budget_used", dir: "desc" },
      { sort: "overdue", dir: "desc" },
      { sort: "next_event", dir: "asc" },
      { sort: "pending", dir: "asc", size: 10, page: 2 },
      { over: true },
      { overdue: true, sort: "invited", dir: "desc" },
      { status: "Planning" },
      { page: 999 },
    ];
    for (const change of variants) {
      const a = await tuned.cockpit.listCockpit(planner.identity, filters(change), TODAY);
      const b = await orm.ormCockpit(planner.identity, filters(change), TODAY);
      expect(b, JSON.stringify(change)).toEqual(a);
    }
  });

  it("shows another planner's weddings to nobody", async () => {
    const [first, second] = planners;
    const page = await orm.ormCockpit(first!.identity, filters(), TODAY);
    expect(page.rows.some((r) => second!.weddingIds.includes(r.id))).toBe(false);
  });
});

describe("the ORM wedding overview", () => {
  it("gives every wedding the same overview as the tuned statement", async () => {
    let withPayments = 0;
    for (const planner of planners) {
      for (const weddingId of planner.weddingIds) {
        const a = await tuned.overview.getWeddingOverview(planner.identity, weddingId, TODAY);
        const b = await orm.ormOverview(planner.identity, weddingId, TODAY);
        expect(a).not.toBeNull();
        expect(withoutVersions(b), `wedding ${weddingId}`).toEqual(withoutVersions(a));
        if (a!.payments.length > 0) withPayments++;
      }
    }
    expect(withPayments).toBeGreaterThan(0);
  });

  it("returns null for another planner's wedding, like the tuned one", async () => {
    const [first, second] = planners;
    const theirs = second!.weddingIds[0]!;
    expect(await orm.ormOverview(first!.identity, theirs, TODAY)).toBeNull();
    expect(await tuned.overview.getWeddingOverview(first!.identity, theirs, TODAY)).toBeNull();
  });
});

describe("the ORM guest list", () => {
  it("gives every wedding the same events, households, guests and RSVPs as the tuned page", async () => {
    let guests = 0;
    for (const planner of planners) {
      for (const weddingId of planner.weddingIds) {
        const a = await tuned.guests.getGuestList(planner.identity, weddingId);
        const b = await orm.ormGuestList(planner.identity, weddingId);
        expect(withoutVersions(b), `wedding ${weddingId}`).toEqual(withoutVersions(a));
        guests += a?.guests.length ?? 0;
      }
    }
    expect(guests).toBeGreaterThan(50);
  });

  it("loses the versions' microseconds, which the tuned page keeps", async () => {
    const planner = planners[0]!;
    const a = await tuned.guests.getGuestList(planner.identity, planner.weddingIds[0]!);
    const b = await orm.ormGuestList(planner.identity, planner.weddingIds[0]!);
    expect(a!.guests[0]!.version).toMatch(/\.\d{6}Z$/);
    expect(b!.guests[0]!.version).toMatch(/\.\d{3}Z$/);
  });
});

describe("compareOrmToTuned", () => {
  it("times both versions of every dashboard on the same parameters and gives their ratio", async () => {
    const sample: BenchSample = {
      planners: planners.map((p) => ({ userId: p.userId, weddingIds: p.weddingIds })),
      fullWeddings: planners.flatMap((p) =>
        p.weddingIds.map((weddingId) => ({ weddingId, clientId: weddingId, plannerUserId: p.userId, date: TODAY })),
      ),
      weddings: [],
      venueIds: [],
      weddingDays: { from: TODAY, to: TODAY },
      pendingPaymentDays: null,
      adminUserId: 0,
      terms: { common: [], rare: [] },
    };
    const results = await compare.compareOrmToTuned(sample, { runs: 4, warmup: 1, today: TODAY });
    expect(results.map((r) => r.dashboard)).toEqual(["cockpit", "overview", "guest-list"]);
    for (const r of results) {
      expect(r.tuned.runs).toBe(4);
      expect(r.tuned.p50).toBeGreaterThan(0);
      expect(r.orm.p95).toBeGreaterThanOrEqual(r.orm.p50);
      expect(r.ratioP50).toBeCloseTo(r.orm.p50 / r.tuned.p50, 1);
      expect(r.faster).toBe(r.orm.p50 < r.tuned.p50 ? "orm" : "tuned");
    }
  });
});
