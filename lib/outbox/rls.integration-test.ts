import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReminderFixture, type Fixture } from "@/lib/reminders/test-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// The outbox table at the SQL level, as the app's runtime role: row-level
// security, privileges, the wedding-scoped foreign keys and the triggers.

let db: TestDatabase;
let app: pg.Pool;
let f: Fixture;
let roseMessage: number;
let irisMessage: number;

type Settings = { userId?: number; role?: string };

async function as<T>(settings: Settings, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true)", [
      settings.userId === undefined ? "" : String(settings.userId),
      settings.role ?? "",
    ]);
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const ana = () => ({ userId: f.ana.userId, role: "planner" });
const ben = () => ({ userId: f.ben.userId, role: "planner" });

async function insertAs(client: pg.PoolClient, weddingId: number, guestId: number, eventId: number) {
  return client.query(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
     VALUES ($1, $2, $3, 'rsvp_reminder', 'x@example.test', 's', 'b') RETURNING message_id`,
    [weddingId, guestId, eventId],
  );
}

async function expectError(client: pg.PoolClient, run: () => Promise<unknown>, pattern: RegExp) {
  await client.query("SAVEPOINT attempt");
  await expect(run()).rejects.toThrow(pattern);
  await client.query("ROLLBACK TO SAVEPOINT attempt");
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = new pg.Pool({ connectionString: db.appUrl, max: 2 });
  f = await createReminderFixture(db.pool);
  const insert = `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
                  VALUES ($1, $2, $3, 'rsvp_reminder', $4, 's', 'b') RETURNING message_id`;
  roseMessage = (
    await db.pool.query(insert, [f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test"])
  ).rows[0].message_id;
  irisMessage = (
    await db.pool.query(insert, [f.iris.weddingId, f.guests.irisPending.id, f.iris.event, "iris@example.test"])
  ).rows[0].message_id;
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

describe("outbox row-level security", () => {
  it("is enabled and forced", async () => {
    const { rows } = await db.pool.query(
      "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'outbox'",
    );
    expect(rows).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });

  it("shows nothing without an identity, nor to a role without a user id", async () => {
    await as({}, async (c) => expect((await c.query("SELECT * FROM outbox")).rowCount).toBe(0));
    await as({ role: "admin" }, async (c) => expect((await c.query("SELECT * FROM outbox")).rowCount).toBe(0));
  });

  it("shows a planner their own weddings' messages only, and an admin all", async () => {
    await as(ana(), async (c) =>
      expect((await c.query("SELECT message_id FROM outbox")).rows).toEqual([{ message_id: roseMessage }]),
    );
    await as(ben(), async (c) =>
      expect((await c.query("SELECT message_id FROM outbox")).rows).toEqual([{ message_id: irisMessage }]),
    );
    await as({ userId: 0, role: "admin" }, async (c) =>
      expect((await c.query("SELECT count(*)::int AS n FROM outbox")).rows[0].n).toBe(2),
    );
  });

  it("lets a planner neither change nor queue messages in another planner's wedding", async () => {
    await as(ben(), async (c) => {
      expect(
        (await c.query("UPDATE outbox SET status = 'sent', sent_at = now() WHERE message_id = $1", [roseMessage]))
          .rowCount,
      ).toBe(0);
      await expectError(
        c,
        () => insertAs(c, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony),
        /row-level security/,
      );
    });
    const { rows } = await db.pool.query("SELECT status FROM outbox WHERE message_id = $1", [roseMessage]);
    expect(rows).toEqual([{ status: "queued" }]);
  });

  it("keeps a message's guest and event inside its wedding", async () => {
    await as(ana(), async (c) => {
      await expectError(
        c,
        () => insertAs(c, f.rose.weddingId, f.guests.lilyPending.id, f.rose.ceremony),
        /outbox_guest_id_wedding_id_fkey/,
      );
      await expectError(
        c,
        () => insertAs(c, f.rose.weddingId, f.guests.pending.id, f.lily.event),
        /outbox_event_id_wedding_id_fkey/,
      );
      expect((await insertAs(c, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony)).rowCount).toBe(1);
    });
  });
});

describe("outbox privileges", () => {
  it("lets the app queue and record sending, never rewrite a message or delete one", async () => {
    await as(ana(), async (c) => {
      await expectError(
        c,
        () => c.query("UPDATE outbox SET to_address = 'evil@example.test' WHERE message_id = $1", [roseMessage]),
        /permission denied/,
      );
      await expectError(
        c,
        () => c.query("UPDATE outbox SET body = 'changed' WHERE message_id = $1", [roseMessage]),
        /permission denied/,
      );
      await expectError(
        c,
        () => c.query("DELETE FROM outbox WHERE message_id = $1", [roseMessage]),
        /permission denied/,
      );
      expect(
        (await c.query("UPDATE outbox SET status = 'sending', attempts = 1 WHERE message_id = $1", [roseMessage]))
          .rowCount,
      ).toBe(1);
    });
  });

  it("refuses statuses, kinds and sent times that do not fit", async () => {
    await as(ana(), async (c) => {
      await expectError(
        c,
        () => c.query("UPDATE outbox SET status = 'delivered' WHERE message_id = $1", [roseMessage]),
        /outbox_status_check/,
      );
      await expectError(
        c,
        () => c.query("UPDATE outbox SET status = 'sent' WHERE message_id = $1", [roseMessage]),
        /outbox_sent_has_time/,
      );
      await expectError(
        c,
        () =>
          c.query(
            `INSERT INTO outbox (wedding_id, kind, to_address, subject, body) VALUES ($1, 'rsvp_reminder', 'x@example.test', 's', 'b')`,
            [f.rose.weddingId],
          ),
        /outbox_reminder_has_guest_and_event/,
      );
      await expectError(
        c,
        () =>
          c.query(
            `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
             VALUES ($1, $2, $3, 'newsletter', 'x@example.test', 's', 'b')`,
            [f.rose.weddingId, f.guests.pending.id, f.rose.ceremony],
          ),
        /outbox_kind_check/,
      );
    });
  });
});

describe("outbox triggers", () => {
  it("moves updated_at on every update and records every change in the audit trail as the person", async () => {
    const before = (await db.pool.query("SELECT updated_at FROM outbox WHERE message_id = $1", [roseMessage])).rows[0]
      .updated_at as Date;
    const client = await app.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.role', 'planner', true)", [
        String(f.ana.userId),
      ]);
      await client.query("UPDATE outbox SET attempts = attempts + 1 WHERE message_id = $1", [roseMessage]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const after = (await db.pool.query("SELECT updated_at FROM outbox WHERE message_id = $1", [roseMessage])).rows[0]
      .updated_at as Date;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    const { rows } = await db.pool.query(
      `SELECT operation, changed_by, new_values FROM audit_log
       WHERE table_name = 'outbox' AND record_id = $1 ORDER BY log_id`,
      [roseMessage],
    );
    expect(rows.map((r) => r.operation)).toEqual(["INSERT", "UPDATE"]);
    expect(rows[1]).toMatchObject({ changed_by: `user:${f.ana.userId}`, new_values: { attempts: 1 } });
  });

  it("goes with its guest: removing a guest removes their messages", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("DELETE FROM guest WHERE guest_id = $1", [f.guests.irisPending.id]);
      const { rows } = await client.query("SELECT count(*)::int AS n FROM outbox WHERE message_id = $1", [irisMessage]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
