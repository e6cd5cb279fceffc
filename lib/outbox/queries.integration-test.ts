import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserIdentity } from "@/lib/auth/guards";
import { createReminderFixture, type Fixture } from "@/lib/reminders/test-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Queries from "./queries";
import { OUTBOX_PAGE_SIZE } from "./schema";

// The outbox page's data, as the app role with row-level security on.

let db: TestDatabase;
let queries: typeof Queries;
let disconnectApp: () => Promise<void>;
let f: Fixture;
let ana: UserIdentity;
let ben: UserIdentity;
let ids: number[];

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  queries = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  f = await createReminderFixture(db.pool);
  ana = { kind: "user", userId: f.ana.userId, role: "planner" };
  ben = { kind: "user", userId: f.ben.userId, role: "planner" };
  // 30 messages a minute apart: message n was queued n minutes after the first.
  const { rows } = await db.pool.query<{ message_id: number }>(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body, status, sent_at, attempts,
                         last_error, created_at)
     SELECT $1, $2, CASE WHEN n % 2 = 0 THEN $3::int ELSE $4::int END, 'rsvp_reminder', 'pending@example.test', 'm-' || n, 'b',
            CASE WHEN n <= 20 THEN 'sent' WHEN n <= 27 THEN 'queued' ELSE 'failed' END,
            CASE WHEN n <= 20 THEN now() END, CASE WHEN n <= 20 THEN 1 WHEN n <= 27 THEN 0 ELSE 5 END,
            CASE WHEN n > 27 THEN 'Attempt 5: 550 refused' END,
            now() - interval '1 day' + n * interval '1 minute'
     FROM generate_series(1, 30) n ORDER BY n RETURNING message_id`,
    [f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, f.rose.reception],
  );
  ids = rows.map((r) => r.message_id);
  await db.pool.query(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
     VALUES ($1, $2, $3, 'rsvp_reminder', 'iris@example.test', 'iris', 'b')`,
    [f.iris.weddingId, f.guests.irisPending.id, f.iris.event],
  );
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("getOutboxPage", () => {
  it("lists the wedding's messages newest first, a page at a time", async () => {
    const first = await queries.getOutboxPage(ana, f.rose.weddingId, { page: 1 });
    expect(first).not.toBeNull();
    expect(first!.wedding).toEqual({ id: f.rose.weddingId, name: "Rose & Sam" });
    expect(first!.total).toBe(30);
    expect(first!.pageCount).toBe(2);
    expect(first!.rows).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first!.rows.map((r) => r.subject).slice(0, 3)).toEqual(["m-30", "m-29", "m-28"]);
    expect(first!.rows[0]).toMatchObject({
      id: ids[29],
      to: "pending@example.test",
      kind: "rsvp_reminder",
      eventName: "Ceremony",
      status: "failed",
      attempts: 5,
      sentAt: null,
      lastError: "Attempt 5: 550 refused",
    });
    expect(first!.rows[29 - 19]).toMatchObject({ subject: "m-20", status: "sent", eventName: "Ceremony" });
    expect(first!.rows[29 - 19]!.sentAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const second = await queries.getOutboxPage(ana, f.rose.weddingId, { page: 2 });
    expect(second!.rows.map((r) => r.subject)).toEqual(["m-5", "m-4", "m-3", "m-2", "m-1"]);
    expect(second!.page).toBe(2);
  });

  it("counts messages by status and filters by one", async () => {
    const page = await queries.getOutboxPage(ana, f.rose.weddingId, { page: 1, status: "queued" });
    expect(page!.statusCounts).toEqual({ queued: 7, sending: 0, sent: 20, failed: 3, skipped: 0 });
    expect(page!.total).toBe(7);
    expect(page!.rows.map((r) => r.subject)).toEqual(["m-27", "m-26", "m-25", "m-24", "m-23", "m-22", "m-21"]);
  });

  it("shows the last page for a page past the end", async () => {
    const page = await queries.getOutboxPage(ana, f.rose.weddingId, { page: 99 });
    expect(page!.page).toBe(2);
    expect(page!.rows).toHaveLength(5);
  });

  it("lists each event with its Pending guests and how many of them have an email address", async () => {
    const page = await queries.getOutboxPage(ana, f.rose.weddingId, { page: 1 });
    expect(page!.events).toEqual([
      expect.objectContaining({
        id: f.rose.ceremony,
        name: "Ceremony",
        status: "Scheduled",
        pending: 3,
        pendingWithEmail: 1,
      }),
      expect.objectContaining({ id: f.rose.reception, name: "Reception", pending: 2, pendingWithEmail: 2 }),
      expect.objectContaining({ id: f.rose.rehearsal, name: "Rehearsal", status: "Cancelled", pending: 1 }),
    ]);
    expect(page!.events[0]).toMatchObject({ date: "2027-06-12", startTime: "16:00" });
  });

  it("is null for another planner's wedding and for an unknown one", async () => {
    expect(await queries.getOutboxPage(ben, f.rose.weddingId, { page: 1 })).toBeNull();
    expect(await queries.getOutboxPage(ana, 2_000_000_000, { page: 1 })).toBeNull();
    const own = await queries.getOutboxPage(ben, f.iris.weddingId, { page: 1 });
    expect(own!.rows.map((r) => r.to)).toEqual(["iris@example.test"]);
  });
});
