import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import { listPlanners } from "@/lib/payments/test-fixtures";
import type * as Queries from "./queries";

// The active event timeline (issue #6's workload; the report's section 5.4):
// Scheduled and Confirmed events in the order they happen, the statement the
// wedding overview's timeline is built from.

let db: TestDatabase;
let q: typeof Queries;
let disconnectApp: () => Promise<void>;
let planners: { userId: number; weddingIds: number[] }[];

const planner = (userId: number): Identity => ({ kind: "user", userId, role: "planner" });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  q = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  planners = await listPlanners(db);
}, 240_000);

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("getActiveTimeline", () => {
  it("lists each wedding's Scheduled and Confirmed events by day and start, as the tables hold them", async () => {
    let events = 0;
    for (const p of planners) {
      for (const weddingId of p.weddingIds) {
        const { rows } = await db.pool.query<{ id: number; start: string }>(
          `SELECT event_id AS id, to_char(start_time, 'HH24:MI') AS start FROM event
           WHERE wedding_id = $1 AND status IN ('Scheduled', 'Confirmed') ORDER BY event_date, start_time, event_id`,
          [weddingId],
        );
        const timeline = await q.getActiveTimeline(planner(p.userId), weddingId);
        expect(timeline.map((e) => e.id)).toEqual(rows.map((r) => r.id));
        expect(timeline.map((e) => e.startTime)).toEqual(rows.map((r) => r.start));
        for (const e of timeline) {
          expect(["Scheduled", "Confirmed"]).toContain(e.status);
          expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(e.endTime).toMatch(/^\d{2}:\d{2}$/);
        }
        events += timeline.length;
      }
    }
    expect(events).toBeGreaterThan(0);
  });

  it("drops an event once it is cancelled or completed", async () => {
    const { rows } = await db.pool.query<{ wedding_id: number }>(
      `SELECT wedding_id FROM event WHERE wedding_id = ANY($1::int[]) AND status IN ('Scheduled', 'Confirmed')
       GROUP BY wedding_id HAVING count(*) >= 3 ORDER BY wedding_id LIMIT 1`,
      [planners[0]!.weddingIds],
    );
    const weddingId = rows[0]!.wedding_id;
    const before = await q.getActiveTimeline(planner(planners[0]!.userId), weddingId);
    expect(before.length).toBeGreaterThan(1);
    const [first, second] = before;
    await db.pool.query("UPDATE event SET status = 'Cancelled' WHERE event_id = $1", [first!.id]);
    await db.pool.query("UPDATE event SET status = 'Completed' WHERE event_id = $1", [second!.id]);
    const after = await q.getActiveTimeline(planner(planners[0]!.userId), weddingId);
    expect(after.map((e) => e.id)).toEqual(before.slice(2).map((e) => e.id));
  });

  it("shows another planner's wedding to nobody", async () => {
    const [a, b] = planners;
    expect(await q.getActiveTimeline(planner(a!.userId), b!.weddingIds[0]!)).toEqual([]);
    expect(await q.getActiveTimeline(planner(a!.userId), 2_000_000_000)).toEqual([]);
  });
});
