import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import type * as Route from "@/app/calendar/[token]/route";
import { FEED_WEDDING_NOT_FOUND } from "./feeds";

// The calendar feed end to end below the browser: planners create, replace and
// revoke a wedding's link through the server actions; calendar apps fetch it
// through the route handler with no session; the database function behind it
// answers for one live token only.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let app: pg.Pool;
let actions: typeof Actions;
let getCalendarFeed: typeof Queries.getCalendarFeed;
let GET: typeof Route.GET;
let disconnectApp: () => Promise<void>;
let plannerA: Identity;
let plannerB: Identity;
let weddingId: number;
let otherWeddingOfA: number;
let weddingOfB: number;
/** A wedding of planner A that never gets a feed until the last test. */
let spareWedding: number;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function feedRow(id: number) {
  const [row] = await rows<{ feed_id: number; token: string; revoked_at: Date | null }>(
    `SELECT feed_id, token, revoked_at FROM calendar_feed WHERE wedding_id = $1`,
    [id],
  );
  return row ?? null;
}

async function fetchFeed(segment: string): Promise<Response> {
  return GET(new Request(`http://localhost/calendar/${segment}`), { params: Promise.resolve({ token: segment }) });
}

/** The UIDs in an ICS body, as event ids. */
function eventIds(ics: string): number[] {
  return [...ics.matchAll(/^UID:wedding-planner-event-(\d+)@/gm)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 2 });
  actions = await import("./actions");
  ({ getCalendarFeed } = await import("./queries"));
  ({ GET } = await import("@/app/calendar/[token]/route"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const planners = await rows<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  plannerA = { kind: "user", userId: planners[0]!.user_id, role: "planner" };
  plannerB = { kind: "user", userId: planners[1]!.user_id, role: "planner" };
  // A wedding with a cancelled event, so the feed can be seen to leave it out.
  const [withCancelled] = await rows<{ wedding_id: number }>(
    `SELECT wedding_id FROM event WHERE status = 'Cancelled' AND wedding_id = ANY($1) ORDER BY wedding_id LIMIT 1`,
    [planners[0]!.ids],
  );
  weddingId = withCancelled?.wedding_id ?? planners[0]!.ids[0]!;
  if (!withCancelled) {
    await db.pool.query(
      `UPDATE event SET status = 'Cancelled' WHERE event_id = (SELECT min(event_id) FROM event WHERE wedding_id = $1)`,
      [weddingId],
    );
  }
  otherWeddingOfA = planners[0]!.ids.find((id) => id !== weddingId)!;
  spareWedding = planners[0]!.ids.findLast((id) => id !== weddingId && id !== otherWeddingOfA)!;
  weddingOfB = planners[1]!.ids[0]!;
});

beforeEach(() => {
  session.identity = plannerA;
  revalidatePath.mockClear();
});

afterAll(async () => {
  await app?.end();
  await disconnectApp?.();
  await db?.drop();
});

describe("creating a calendar link", () => {
  it("gives the wedding an unguessable 32-character token, recorded in the audit trail", async () => {
    const result = await actions.createCalendarFeedAction(null, form({ weddingId }));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("Created a calendar link") });
    const feed = await feedRow(weddingId);
    expect(feed?.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(feed?.revoked_at).toBeNull();
    const [audit] = await rows<{ changed_by: string }>(
      `SELECT changed_by FROM audit_log WHERE table_name = 'calendar_feed' AND record_id = $1`,
      [feed!.feed_id],
    );
    expect(audit?.changed_by).toBe(`user:${(plannerA as { userId: number }).userId}`);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}/events`);
    expect(await getCalendarFeed(plannerA, weddingId)).toMatchObject({ token: feed!.token, revokedAt: null });
  });

  it("serves the wedding's non-cancelled events, and nothing of any other wedding, without a session", async () => {
    await db.pool.query(
      `UPDATE event SET notes = 'Secret run of show: the surprise guest arrives at 21:00'
       WHERE event_id = (SELECT min(event_id) FROM event WHERE wedding_id = $1 AND status <> 'Cancelled')`,
      [weddingId],
    );
    session.identity = null;
    const { token } = (await feedRow(weddingId))!;
    const response = await fetchFeed(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const body = await response.text();
    expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    const expected = await rows<{ event_id: number }>(
      `SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id`,
      [weddingId],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(eventIds(body)).toEqual(expected.map((e) => e.event_id));
    const [name] = await rows<{ wedding_name: string }>(`SELECT wedding_name FROM wedding WHERE wedding_id = $1`, [
      weddingId,
    ]);
    expect(body).toContain("X-WR-CALNAME:");
    expect(body.replace(/\r\n /g, "")).toContain(name!.wedding_name.replace(/[\\;,]/g, (c) => `\\${c}`));
    // No other wedding's event, and no run-of-show note, ever appears.
    const foreign = await rows<{ name: string }>(
      `SELECT DISTINCT name FROM event WHERE wedding_id <> $1 AND name NOT IN (SELECT name FROM event WHERE wedding_id = $1)`,
      [weddingId],
    );
    for (const event of foreign) expect(body).not.toContain(`SUMMARY:${event.name}\r\n`);
    expect(body).not.toContain("Secret run of show");
  });

  it("accepts the link with a .ics ending too", async () => {
    const { token } = (await feedRow(weddingId))!;
    expect((await fetchFeed(`${token}.ics`)).status).toBe(200);
  });

  it("answers 404 for malformed and unknown tokens", async () => {
    for (const segment of ["", "short", "A".repeat(32), "' OR 1=1 --", "A".repeat(10_000), `${"A".repeat(31)}!`]) {
      const response = await fetchFeed(segment);
      expect(response.status, segment.slice(0, 40)).toBe(404);
      expect(await response.text()).toBe("Not found");
    }
  });

  it("replaces the link: the old token answers 404 at once, the new one works", async () => {
    const old = (await feedRow(weddingId))!;
    const result = await actions.createCalendarFeedAction(null, form({ weddingId }));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("Revoked the old calendar link") });
    const fresh = (await feedRow(weddingId))!;
    expect(fresh.feed_id).toBe(old.feed_id);
    expect(fresh.token).not.toBe(old.token);
    expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await fetchFeed(old.token)).status).toBe(404);
    expect((await fetchFeed(fresh.token)).status).toBe(200);
  });

  it("gives two weddings two links that each show only their own events", async () => {
    expect((await actions.createCalendarFeedAction(null, form({ weddingId: otherWeddingOfA }))).ok).toBe(true);
    const mine = await (await fetchFeed((await feedRow(weddingId))!.token)).text();
    const other = await (await fetchFeed((await feedRow(otherWeddingOfA))!.token)).text();
    const ids = async (id: number) =>
      (
        await rows<{ event_id: number }>(
          `SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id`,
          [id],
        )
      ).map((e) => e.event_id);
    expect(eventIds(mine)).toEqual(await ids(weddingId));
    expect(eventIds(other)).toEqual(await ids(otherWeddingOfA));
    expect(eventIds(mine).filter((id) => eventIds(other).includes(id))).toEqual([]);
  });
});

describe("revoking a calendar link", () => {
  it("makes the link answer 404, keeps the row, and a new link works again", async () => {
    const { token } = (await feedRow(weddingId))!;
    const result = await actions.revokeCalendarFeedAction(null, form({ weddingId }));
    expect(result).toMatchObject({ ok: true });
    expect((await feedRow(weddingId))!.revoked_at).not.toBeNull();
    expect((await fetchFeed(token)).status).toBe(404);
    expect(await getCalendarFeed(plannerA, weddingId)).toMatchObject({ token, revokedAt: expect.any(Date) });

    expect(await actions.revokeCalendarFeedAction(null, form({ weddingId }))).toEqual({
      ok: false,
      error: "This wedding has no live calendar link to revoke.",
    });
    const created = await actions.createCalendarFeedAction(null, form({ weddingId }));
    expect(created).toMatchObject({ ok: true, message: "Created a new calendar link." });
    const fresh = (await feedRow(weddingId))!;
    expect(fresh.token).not.toBe(token);
    expect(fresh.revoked_at).toBeNull();
    expect((await fetchFeed(fresh.token)).status).toBe(200);
    expect((await fetchFeed(token)).status).toBe(404);
  });
});

describe("another planner", () => {
  it("can neither create, replace, revoke nor read a link of someone else's wedding", async () => {
    const before = await rows(`SELECT * FROM calendar_feed ORDER BY feed_id`);
    session.identity = plannerB;
    for (const id of [weddingId, 999_999]) {
      expect(await actions.createCalendarFeedAction(null, form({ weddingId: id }))).toEqual({
        ok: false,
        error: FEED_WEDDING_NOT_FOUND,
      });
      expect(await actions.revokeCalendarFeedAction(null, form({ weddingId: id }))).toEqual({
        ok: false,
        error: FEED_WEDDING_NOT_FOUND,
      });
    }
    expect(await getCalendarFeed(plannerB, weddingId)).toBeNull();
    // And the other way round: A on B's wedding.
    session.identity = plannerA;
    expect(await actions.createCalendarFeedAction(null, form({ weddingId: weddingOfB }))).toEqual({
      ok: false,
      error: FEED_WEDDING_NOT_FOUND,
    });
    expect(await getCalendarFeed(plannerA, weddingOfB)).toBeNull();
    expect(await rows(`SELECT * FROM calendar_feed ORDER BY feed_id`)).toEqual(before);
  });

  it("refuses a wedding id that is not a number, and a signed-out or vendor caller", async () => {
    expect(await actions.createCalendarFeedAction(null, form({ weddingId: "x" }))).toMatchObject({
      ok: false,
      fieldErrors: { weddingId: [expect.any(String)] },
    });
    const before = await rows(`SELECT * FROM calendar_feed ORDER BY feed_id`);
    const [vendor] = await rows<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'vendor' LIMIT 1`);
    for (const identity of [null, { kind: "user", userId: vendor!.user_id, role: "vendor" } as const]) {
      session.identity = identity;
      expect(await actions.createCalendarFeedAction(null, form({ weddingId }))).toEqual({
        ok: false,
        error: "Not found.",
      });
      expect(await actions.revokeCalendarFeedAction(null, form({ weddingId }))).toEqual({
        ok: false,
        error: "Not found.",
      });
    }
    expect(await rows(`SELECT * FROM calendar_feed ORDER BY feed_id`)).toEqual(before);
  });
});

describe("the database behind the feed", () => {
  async function as<T extends pg.QueryResultRow>(
    settings: { userId?: number; role?: string },
    sql: string,
    params: unknown[] = [],
  ) {
    const client = await app.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true)", [
        settings.userId === undefined ? "" : String(settings.userId),
        settings.role ?? "",
      ]);
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  it("keeps calendar_feed under forced row-level security: no identity sees nothing, a planner only theirs", async () => {
    const [flags] = await rows<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'calendar_feed'`,
    );
    expect(flags).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
    expect(await as({}, `SELECT * FROM calendar_feed`)).toEqual([]);
    const a = plannerA as { userId: number };
    const b = plannerB as { userId: number };
    const seenByA = await as<{ wedding_id: number }>(
      { userId: a.userId, role: "planner" },
      `SELECT wedding_id FROM calendar_feed`,
    );
    expect(seenByA.map((r) => r.wedding_id).sort()).toEqual([weddingId, otherWeddingOfA].sort());
    expect(await as({ userId: b.userId, role: "planner" }, `SELECT * FROM calendar_feed`)).toEqual([]);
    await expect(
      as({ userId: b.userId, role: "planner" }, `INSERT INTO calendar_feed (wedding_id) VALUES ($1)`, [
        otherWeddingOfA,
      ]),
    ).rejects.toThrow(/row-level security|duplicate key/);
    await expect(
      as({ userId: b.userId, role: "planner" }, `INSERT INTO calendar_feed (wedding_id) VALUES ($1)`, [spareWedding]),
    ).rejects.toThrow(/row-level security/);
    const updated = await as<{ feed_id: number }>(
      { userId: b.userId, role: "planner" },
      `UPDATE calendar_feed SET revoked_at = now() RETURNING feed_id`,
    );
    expect(updated).toEqual([]);
    await expect(as({ userId: a.userId, role: "planner" }, `DELETE FROM calendar_feed`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it("lets the app role call calendar_feed_events() and nobody else, and the function reads only live tokens", async () => {
    const [privileges] = await rows<{ app: boolean; reporting: boolean; definer: boolean; owner: string }>(
      `SELECT has_function_privilege('wedding_app', 'calendar_feed_events(text)', 'EXECUTE') AS app,
              has_function_privilege('reporting_readonly', 'calendar_feed_events(text)', 'EXECUTE') AS reporting,
              p.prosecdef AS definer, pg_get_userbyid(p.proowner) AS owner
       FROM pg_proc p WHERE p.proname = 'calendar_feed_events'`,
    );
    expect(privileges).toEqual({ app: true, reporting: false, definer: true, owner: "wedding_rls" });
    const { token } = (await feedRow(weddingId))!;
    const live = await as<{ event_id: number | null }>({}, `SELECT event_id FROM calendar_feed_events($1)`, [token]);
    expect(live.length).toBeGreaterThan(0);
    expect(await as({}, `SELECT * FROM calendar_feed_events($1)`, ["x".repeat(32)])).toEqual([]);
    expect(await as({}, `SELECT * FROM calendar_feed_events(NULL)`)).toEqual([]);
  });

  it("answers a wedding without events with its name and an empty calendar", async () => {
    const empty = spareWedding;
    await db.pool.query(`DELETE FROM event WHERE wedding_id = $1`, [empty]);
    expect((await actions.createCalendarFeedAction(null, form({ weddingId: empty }))).ok).toBe(true);
    const response = await fetchFeed((await feedRow(empty))!.token);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("X-WR-CALNAME:");
    expect(body).not.toContain("BEGIN:VEVENT");
  });

  it("slows down a client that keeps asking, and says so", async () => {
    const { token } = (await feedRow(spareWedding))!;
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await fetchFeed(token)).status);
    expect(statuses.slice(0, 119).every((status) => status === 200)).toBe(true);
    const refused = await fetchFeed(token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
  });
});
