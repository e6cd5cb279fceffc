import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import { listPlanners } from "@/lib/payments/test-fixtures";
import type * as Summary from "./rsvp-summary";

// RSVP aggregation per wedding (issue #6's workload; the report's section 5.5
// without its fan-out), the statement behind the cockpit's guest figures.

let db: TestDatabase;
let s: typeof Summary;
let disconnectApp: () => Promise<void>;
let planners: { userId: number; weddingIds: number[] }[];

const planner = (userId: number): Identity => ({ kind: "user", userId, role: "planner" });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  s = await import("./rsvp-summary");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  planners = await listPlanners(db);
}, 240_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("getRsvpSummary", () => {
  it("counts each guest once per wedding: invited, accepted at least once, not answered at all", async () => {
    const p = planners[0]!;
    // One guest at a time, in JavaScript, from the raw rows.
    const { rows } = await db.pool.query<{ wedding_id: number; guest_id: number; status: string }>(
      `SELECT r.wedding_id, r.guest_id, r.status::text AS status FROM event_rsvp r JOIN event e USING (event_id)
       WHERE e.status <> 'Cancelled' AND r.wedding_id = ANY($1::int[])`,
      [p.weddingIds],
    );
    const guests = new Map<string, string[]>();
    for (const r of rows)
      guests.set(`${r.wedding_id}:${r.guest_id}`, [...(guests.get(`${r.wedding_id}:${r.guest_id}`) ?? []), r.status]);
    const expected = new Map<number, { invited: number; accepted: number; pending: number }>();
    for (const [key, statuses] of guests) {
      const weddingId = Number(key.split(":")[0]);
      const e = expected.get(weddingId) ?? { invited: 0, accepted: 0, pending: 0 };
      e.invited++;
      if (statuses.includes("Accepted")) e.accepted++;
      if (statuses.every((x) => x === "Pending")) e.pending++;
      expected.set(weddingId, e);
    }
    const summary = await s.getRsvpSummary(planner(p.userId), p.weddingIds);
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.map((r) => r.weddingId)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const row of summary) expect(row).toEqual({ weddingId: row.weddingId, ...expected.get(row.weddingId) });
  });

  it("agrees with the cockpit, which reads the same statement", async () => {
    const p = planners[1]!;
    const { listCockpit } = await import("@/lib/weddings/cockpit");
    const cockpit = await listCockpit(planner(p.userId), { sort: "date", dir: "asc", page: 1, size: 50 }, "2026-11-28");
    const summary = new Map((await s.getRsvpSummary(planner(p.userId), p.weddingIds)).map((r) => [r.weddingId, r]));
    for (const row of cockpit.rows) {
      const figures = summary.get(row.id) ?? { invited: 0, accepted: 0, pending: 0 };
      expect({ invited: row.invited, accepted: row.accepted, pending: row.pending }).toEqual({
        invited: figures.invited,
        accepted: figures.accepted,
        pending: figures.pending,
      });
    }
  });

  it("gives nothing for another planner's weddings, unknown ids or none", async () => {
    const [a, b] = planners;
    expect(await s.getRsvpSummary(planner(a!.userId), b!.weddingIds)).toEqual([]);
    expect(await s.getRsvpSummary(planner(a!.userId), [2_000_000_000])).toEqual([]);
    expect(await s.getRsvpSummary(planner(a!.userId), [])).toEqual([]);
  });
});
