import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import { parseCsv } from "@/lib/csv/parse";
import type { Identity } from "@/lib/db/with-identity";
import { GUEST_CSV_COLUMNS } from "./csv";

// The two CSV downloads (guest list, caterer), as route handlers answer them,
// against a real database as the app role. Only who is signed in is stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/guards", async () => {
  const { notFound } = await import("next/navigation");
  return {
    requireIdentity: async () => session.identity ?? notFound(),
  };
});

type Route = { GET: (request: NextRequest, context: { params: Promise<{ id: string }> }) => Promise<Response> };

let db: TestDatabase;
let guestsExport: Route;
let catererExport: Route;
let disconnectApp: () => Promise<void>;
let weddingId: number;
let otherWeddingId: number;

const get = (route: Route, path: string, id: string | number) =>
  route.GET(new NextRequest(`http://localhost${path}`), { params: Promise.resolve({ id: String(id) }) });
const NOT_FOUND = { digest: expect.stringContaining("NEXT_HTTP_ERROR_FALLBACK;404") };

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  guestsExport = await import("@/app/(planner)/weddings/[id]/guests/export/route");
  catererExport = await import("@/app/(planner)/weddings/[id]/caterer/export/route");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const { rows } = await db.pool.query<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  session.identity = { kind: "user", userId: rows[0]!.user_id, role: "planner" };
  weddingId = rows[0]!.ids[0]!;
  otherWeddingId = rows[1]!.ids[0]!;
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("GET /weddings/:id/guests/export", () => {
  it("downloads every guest in the import's columns, UTF-8 with a BOM, never cached", async () => {
    const response = await get(guestsExport, `/weddings/${weddingId}/guests/export`, weddingId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="guests-wedding-\d+-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(new TextDecoder().decode(bytes));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.records[0]!.fields).toEqual([...GUEST_CSV_COLUMNS]);
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM guest WHERE wedding_id = $1", [
      weddingId,
    ]);
    expect(parsed.records).toHaveLength(rows[0]!.n + 1);
  });

  it("answers 404 for another planner's wedding and a malformed id", async () => {
    await expect(get(guestsExport, `/weddings/${otherWeddingId}/guests/export`, otherWeddingId)).rejects.toMatchObject(
      NOT_FOUND,
    );
    await expect(get(guestsExport, "/weddings/x/guests/export", "1 OR 1=1")).rejects.toMatchObject(NOT_FOUND);
  });
});

describe("GET /weddings/:id/caterer/export", () => {
  it("downloads one event's counts, or every event's", async () => {
    const { rows } = await db.pool.query<{ event_id: number; name: string; headcount: number }>(
      `SELECT e.event_id, e.name,
              (SELECT count(*) + coalesce(sum(plus_ones), 0) FROM event_rsvp r WHERE r.event_id = e.event_id AND r.status = 'Accepted')::int AS headcount
       FROM event e WHERE e.wedding_id = $1 AND e.status <> 'Cancelled' ORDER BY e.event_date, e.start_time, e.event_id`,
      [weddingId],
    );
    const first = rows[0]!;
    const one = await get(catererExport, `/weddings/${weddingId}/caterer/export?event=${first.event_id}`, weddingId);
    expect(one.status).toBe(200);
    expect(one.headers.get("content-disposition")).toContain(`event-${first.event_id}.csv`);
    const parsed = parseCsv(await one.text());
    if (!parsed.ok) throw new Error(parsed.error);
    const records = parsed.records.slice(1).map((r) => r.fields);
    expect(new Set(records.map((r) => r[0]))).toEqual(new Set([first.name]));
    expect(records.find((r) => r[3] === "headcount" && r[4] === "Total")?.[5]).toBe(String(first.headcount));

    const all = parseCsv(await (await get(catererExport, `/weddings/${weddingId}/caterer/export`, weddingId)).text());
    if (!all.ok) throw new Error(all.error);
    expect(all.records.filter((r) => r.fields[4] === "Total").map((r) => Number(r.fields[5]))).toEqual(
      rows.map((r) => r.headcount),
    );
  });

  it("answers 400 for a malformed event and 404 for an event or wedding that is not the planner's", async () => {
    for (const query of ["event=abc", "event=1%20OR%201%3D1", "event=1&event=2", "event=9999999999", "event=0"]) {
      const response = await get(catererExport, `/weddings/${weddingId}/caterer/export?${query}`, weddingId);
      expect(response.status).toBe(400);
    }
    const { rows } = await db.pool.query<{ event_id: number }>(
      "SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1",
      [otherWeddingId],
    );
    await expect(
      get(catererExport, `/weddings/${weddingId}/caterer/export?event=${rows[0]!.event_id}`, weddingId),
    ).rejects.toMatchObject(NOT_FOUND);
    await expect(
      get(catererExport, `/weddings/${otherWeddingId}/caterer/export`, otherWeddingId),
    ).rejects.toMatchObject(NOT_FOUND);
  });
});
