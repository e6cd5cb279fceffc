import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UserIdentity } from "@/lib/auth/guards";
import { createReminderFixture, type Fixture } from "@/lib/reminders/test-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as DeliverAs from "./deliver-as";
import { deliverQueued, SKIPPED_REASON, STALE_SENDING_SECONDS, type RunTransaction } from "./deliver";
import { unsafeOpenSystemDatabase, type SystemDatabase } from "./system";
import { startSmtpSink, type SmtpSink } from "./test-smtp-sink";
import { createSmtpTransport, type MailTransport } from "./transport";

// Sending through nodemailer's SMTP transport to a real SMTP server on a local
// socket. The sending script's runner is used with the app role's connection,
// so row-level security is on and only its admin settings let it see rows.

const FROM = "Wedding Planner <no-reply@localhost>";

let db: TestDatabase;
let deliverAs: typeof DeliverAs;
let disconnectApp: () => Promise<void>;
let system: SystemDatabase;
let sink: SmtpSink;
let smtp: MailTransport & { close: () => void };
let f: Fixture;
let ana: UserIdentity;
let ben: UserIdentity;

type Row = { message_id: number; status: string; attempts: number; last_error: string | null; sent_at: Date | null };

async function rows(): Promise<Row[]> {
  return (
    await db.pool.query<Row>("SELECT message_id, status, attempts, last_error, sent_at FROM outbox ORDER BY message_id")
  ).rows;
}

/** Queues `count` reminders straight into the outbox, subjects m-1, m-2, … */
async function queue(
  count: number,
  options: { weddingId?: number; guestId?: number; eventId?: number; to?: string } = {},
): Promise<number[]> {
  const { rows: inserted } = await db.pool.query<{ message_id: number }>(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
     SELECT $1, $2, $3, 'rsvp_reminder', $4, 'm-' || n, 'Hello ' || n FROM generate_series(1, $5) n
     RETURNING message_id`,
    [
      options.weddingId ?? f.rose.weddingId,
      options.guestId ?? f.guests.pending.id,
      options.eventId ?? f.rose.ceremony,
      options.to ?? "pending@example.test",
      count,
    ],
  );
  return inserted.map((r) => r.message_id);
}

const subjects = () => sink.received.map((mail) => /^Subject: (.*)$/m.exec(mail.data)?.[1] ?? "?");

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  deliverAs = await import("./deliver-as");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  system = unsafeOpenSystemDatabase(db.appUrl);
  sink = await startSmtpSink();
  smtp = createSmtpTransport(sink.url);
  f = await createReminderFixture(db.pool);
  ana = { kind: "user", userId: f.ana.userId, role: "planner" };
  ben = { kind: "user", userId: f.ben.userId, role: "planner" };
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM outbox");
  await db.pool.query("UPDATE event_rsvp SET status = 'Pending', responded_at = NULL WHERE guest_id = $1", [
    f.guests.pending.id,
  ]);
  sink.received.length = 0;
  sink.reject.clear();
});

afterAll(async () => {
  smtp?.close();
  await sink?.close();
  await system?.close();
  await disconnectApp?.();
  await db?.drop();
});

describe("deliverQueued", () => {
  it("sends each queued message over SMTP once and marks it sent", async () => {
    const ids = await queue(3);
    const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 });
    expect(report).toEqual({ claimed: 3, sent: 3, retrying: 0, failed: 0, skipped: 0, deferred: 0 });
    expect(sink.received).toHaveLength(3);
    expect(sink.received[0]).toMatchObject({ from: "no-reply@localhost", to: ["pending@example.test"] });
    expect(sink.received[0]!.data).toMatch(/^From: Wedding Planner <no-reply@localhost>$/m);
    expect(subjects().sort()).toEqual(["m-1", "m-2", "m-3"]);
    const after = await rows();
    expect(after.map((r) => r.message_id)).toEqual(ids);
    for (const row of after) {
      expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null });
      expect(row.sent_at).toBeInstanceOf(Date);
    }
    // Sent messages are never sent again.
    expect(await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 })).toMatchObject({ claimed: 0 });
    expect(sink.received).toHaveLength(3);
  });

  it("claims at most `limit`, oldest first", async () => {
    const ids = await queue(5);
    const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 2 });
    expect(report).toMatchObject({ claimed: 2, sent: 2 });
    expect((await rows()).filter((r) => r.status === "sent").map((r) => r.message_id)).toEqual(ids.slice(0, 2));
  });

  it("retries a refused message, records why without secrets, and gives up after 5 attempts", async () => {
    const [id] = await queue(1, { guestId: f.guests.accepted.id, to: "accepted@example.test" });
    await db.pool.query("UPDATE event_rsvp SET status = 'Pending' WHERE guest_id = $1 AND event_id = $2", [
      f.guests.accepted.id,
      f.rose.ceremony,
    ]);
    sink.reject.add("accepted@example.test");
    try {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 });
        expect(report).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0, skipped: 0, deferred: 0 });
        const [row] = await rows();
        expect(row).toMatchObject({ message_id: id, status: "queued", attempts: attempt, sent_at: null });
        expect(row!.last_error).toMatch(new RegExp(`^Attempt ${attempt}: EENVELOPE 550: .*mailbox unavailable`));
      }
      expect(await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 })).toMatchObject({
        failed: 1,
        retrying: 0,
      });
      expect((await rows())[0]).toMatchObject({ status: "failed", attempts: 5 });
      expect(await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 })).toMatchObject({ claimed: 0 });
      expect(sink.received).toHaveLength(0);
    } finally {
      await db.pool.query("UPDATE event_rsvp SET status = 'Accepted' WHERE guest_id = $1", [f.guests.accepted.id]);
    }
  });

  it("stops at a mail server that cannot be reached, and puts the untried messages back untouched", async () => {
    const ids = await queue(3);
    const closed = await startSmtpSink();
    await closed.close();
    const unreachable = createSmtpTransport(closed.url);
    try {
      const report = await deliverQueued(system.run, { transport: unreachable, from: FROM, limit: 10 });
      expect(report).toMatchObject({ claimed: 3, sent: 0, retrying: 1, failed: 0, skipped: 0, deferred: 2 });
      expect(report.stoppedBy).toMatch(/^(ESOCKET|ECONNECTION): .*ECONNREFUSED/);
    } finally {
      unreachable.close();
    }
    const after = await rows();
    expect(after.map((r) => [r.message_id, r.status, r.attempts])).toEqual([
      [ids[0], "queued", 1],
      [ids[1], "queued", 0],
      [ids[2], "queued", 0],
    ]);
    expect(after[0]!.last_error).toMatch(/^Attempt 1: (ESOCKET|ECONNECTION): .*ECONNREFUSED/);
    expect(after[1]!.last_error).toBeNull();
    // The next run, with the server back, sends all three.
    expect(await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 })).toMatchObject({ sent: 3 });
  });

  it("masks the SMTP credentials in last_error", async () => {
    await queue(1);
    const leaky: MailTransport = {
      sendMail: async () => {
        throw Object.assign(new Error("connect to smtp://mailer:s3cret-pass@smtp.example.test failed (s3cret-pass)"), {
          code: "ECONNECTION",
        });
      },
    };
    await deliverQueued(system.run, { transport: leaky, from: FROM, limit: 1, secrets: ["s3cret-pass", "mailer"] });
    const [row] = await rows();
    expect(row!.last_error).toBe("Attempt 1: ECONNECTION: connect to smtp://***@smtp.example.test failed (***)");
  });

  it("skips, without sending, a reminder whose guest answered or whose event was cancelled since", async () => {
    const [answered] = await queue(1);
    const [cancelled] = await queue(1, { guestId: f.guests.pending.id, eventId: f.rose.rehearsal });
    await db.pool.query(
      "UPDATE event_rsvp SET status = 'Accepted', responded_at = now() WHERE guest_id = $1 AND event_id = $2",
      [f.guests.pending.id, f.rose.ceremony],
    );
    const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 });
    expect(report).toEqual({ claimed: 2, sent: 0, retrying: 0, failed: 0, skipped: 2, deferred: 0 });
    expect(sink.received).toHaveLength(0);
    expect(await rows()).toEqual([
      { message_id: answered, status: "skipped", attempts: 0, last_error: SKIPPED_REASON, sent_at: null },
      { message_id: cancelled, status: "skipped", attempts: 0, last_error: SKIPPED_REASON, sent_at: null },
    ]);
  });

  it("skips rows another sender holds (SKIP LOCKED) instead of waiting for them", async () => {
    const ids = await queue(4);
    const other = await db.pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM outbox WHERE message_id = ANY($1) FOR UPDATE", [ids.slice(0, 2)]);
      const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 });
      expect(report).toMatchObject({ claimed: 2, sent: 2 });
      expect(subjects().sort()).toEqual(["m-3", "m-4"]);
    } finally {
      await other.query("ROLLBACK");
      other.release();
    }
    expect((await rows()).map((r) => r.status)).toEqual(["queued", "queued", "sent", "sent"]);
  });

  it("never sends a message twice when several senders run at once", async () => {
    await queue(40);
    const senders = Array.from({ length: 4 }, async () => {
      let sent = 0;
      for (;;) {
        const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 3 });
        if (report.claimed === 0) return sent;
        sent += report.sent;
      }
    });
    const perSender = await Promise.all(senders);
    expect(perSender.reduce((a, b) => a + b, 0)).toBe(40);
    expect(sink.received).toHaveLength(40);
    expect(new Set(subjects()).size).toBe(40);
    const after = await rows();
    expect(after.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("takes over a message left in 'sending' by a run that died, and gives up on one at its last attempt", async () => {
    const [stale, dead, fresh] = await queue(3);
    await db.pool.query(
      `UPDATE outbox SET status = 'sending', attempts = CASE WHEN message_id = $1 THEN 5 ELSE 1 END
       WHERE message_id = ANY($2)`,
      [dead, [stale, dead]],
    );
    // touch_updated_at sets updated_at on UPDATE, so age the rows with the trigger off.
    await db.pool.query("ALTER TABLE outbox DISABLE TRIGGER touch_updated_at");
    try {
      await db.pool.query(
        "UPDATE outbox SET updated_at = now() - make_interval(secs => $1 + 60) WHERE message_id = ANY($2)",
        [STALE_SENDING_SECONDS, [stale, dead]],
      );
    } finally {
      await db.pool.query("ALTER TABLE outbox ENABLE TRIGGER touch_updated_at");
    }
    const report = await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10 });
    expect(report).toMatchObject({ claimed: 2, sent: 2 });
    const byId = new Map<number | undefined, Row>((await rows()).map((r) => [r.message_id, r]));
    expect(byId.get(stale)).toMatchObject({ status: "sent", attempts: 2 });
    expect(byId.get(fresh)).toMatchObject({ status: "sent", attempts: 1 });
    expect(byId.get(dead)).toMatchObject({ status: "failed", attempts: 5 });
    expect(byId.get(dead)!.last_error).toBe("No result from the mail server after 5 attempts.");
  });

  it("limits itself to one wedding or to given messages when asked", async () => {
    const rose = await queue(2);
    const [iris] = await queue(1, {
      weddingId: f.iris.weddingId,
      guestId: f.guests.irisPending.id,
      eventId: f.iris.event,
      to: "iris@example.test",
    });
    expect(
      await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10, weddingId: f.iris.weddingId }),
    ).toMatchObject({ sent: 1 });
    expect(
      await deliverQueued(system.run, { transport: smtp, from: FROM, limit: 10, messageIds: [rose[1]!] }),
    ).toMatchObject({ sent: 1 });
    expect((await rows()).map((r) => [r.message_id, r.status])).toEqual([
      [rose[0], "queued"],
      [rose[1], "sent"],
      [iris, "sent"],
    ]);
  });
});

describe("deliverAs (sending from the web app, as the planner)", () => {
  it("sends the planner's own messages", async () => {
    const ids = await queue(2);
    const outcome = await deliverAs.deliverAs(
      ana,
      { weddingId: f.rose.weddingId, messageIds: ids },
      { settings: { kind: "on", url: sink.url, from: FROM, secrets: [] } },
    );
    expect(outcome).toEqual({
      kind: "done",
      report: { claimed: 2, sent: 2, retrying: 0, failed: 0, skipped: 0, deferred: 0 },
    });
    expect(sink.received).toHaveLength(2);
  });

  it("cannot touch another planner's messages, whatever ids it is given", async () => {
    const ids = await queue(2);
    const outcome = await deliverAs.deliverAs(
      ben,
      { weddingId: f.rose.weddingId, messageIds: ids },
      { settings: { kind: "on", url: sink.url, from: FROM, secrets: [] } },
    );
    expect(outcome).toMatchObject({ kind: "done", report: { claimed: 0, sent: 0 } });
    expect(sink.received).toHaveLength(0);
    expect((await rows()).map((r) => r.status)).toEqual(["queued", "queued"]);
  });

  it("sends nothing when SMTP_URL is not set, and leaves the messages queued", async () => {
    const ids = await queue(2);
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(await deliverAs.deliverAs(ana, { weddingId: f.rose.weddingId, messageIds: ids })).toEqual({
        kind: "off",
      });
    } finally {
      if (saved !== undefined) process.env.SMTP_URL = saved;
    }
    expect(sink.received).toHaveLength(0);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ["queued", 0],
      ["queued", 0],
    ]);
  });

  it("sends nothing with an SMTP_URL that is not an smtp:// URL", async () => {
    const ids = await queue(1);
    const outcome = await deliverAs.deliverAs(
      ana,
      { weddingId: f.rose.weddingId, messageIds: ids },
      { settings: { kind: "invalid", reason: "SMTP_URL must start with smtp:// or smtps://." } },
    );
    expect(outcome).toEqual({ kind: "invalid", reason: "SMTP_URL must start with smtp:// or smtps://." });
    expect((await rows())[0]!.status).toBe("queued");
  });
});

describe("the sending script's runner", () => {
  it("sees no message without its settings: row-level security holds for the app role", async () => {
    await queue(1);
    const bare: RunTransaction = (fn) =>
      system.run(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.role', '', true), set_config('app.user_id', '', true)`;
        return fn(tx);
      });
    expect(await deliverQueued(bare, { transport: smtp, from: FROM, limit: 10 })).toMatchObject({ claimed: 0 });
    expect((await rows())[0]!.status).toBe("queued");
  });
});
