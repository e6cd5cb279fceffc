import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { UserIdentity } from "@/lib/auth/guards";
import type * as Remind from "./remind-non-responders";
import { createReminderFixture, type Fixture } from "./test-fixture";

// Queueing reminders as the app does: the app role, row-level security on,
// each call as a planner. Rows are checked as the owner.

const ORIGIN = "https://plan.example.test";
const TODAY = "2027-04-20";

let db: TestDatabase;
let remind: typeof Remind;
let disconnectApp: () => Promise<void>;
let f: Fixture;
let ana: UserIdentity;
let ben: UserIdentity;

type OutboxRow = {
  message_id: number;
  wedding_id: number;
  guest_id: number;
  event_id: number;
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  created_by: number;
};

async function outbox(): Promise<OutboxRow[]> {
  return (await db.pool.query<OutboxRow>("SELECT * FROM outbox ORDER BY message_id")).rows;
}

async function fingerprint(): Promise<string> {
  const { rows } = await db.pool.query<{ f: string }>(
    `SELECT (SELECT count(*) FROM audit_log) || ':' || coalesce((SELECT md5(string_agg(o::text, '|' ORDER BY message_id)) FROM outbox o), '') AS f`,
  );
  return rows[0]!.f;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  remind = await import("./remind-non-responders");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  f = await createReminderFixture(db.pool);
  ana = { kind: "user", userId: f.ana.userId, role: "planner" };
  ben = { kind: "user", userId: f.ben.userId, role: "planner" };
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM outbox");
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("remindNonResponders", () => {
  it("queues one message for the ceremony's only Pending guest with an email, and none for anyone else", async () => {
    const result = await remind.remindNonResponders(
      ana,
      { weddingId: f.rose.weddingId, eventId: f.rose.ceremony },
      ORIGIN,
      TODAY,
    );
    expect(result).toMatchObject({ ok: true, queued: 1, skippedNoEmail: 2, skippedRecent: 0 });
    expect(result.message).toBe("Queued 1 reminder for Ceremony. Skipped 2 guests without an email address.");

    const rows = await outbox();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      message_id: result.messageIds[0],
      wedding_id: f.rose.weddingId,
      guest_id: f.guests.pending.id,
      event_id: f.rose.ceremony,
      kind: "rsvp_reminder",
      to_address: "pending@example.test",
      status: "queued",
      attempts: 0,
      created_by: f.ana.userId,
    });
    expect(row!.subject).toBe("Please reply: Ceremony (Rose & Sam)");
    expect(row!.body).toContain(`${ORIGIN}/rsvp/${f.guests.pending.qrCode}`);
    expect(row!.body).toContain("Rose & Sam");
    expect(row!.body).toContain("12 Jun 2027, 16:00–01:00");
    expect(row!.body).toContain("Please let us know by 1 May 2027");
    // Nobody else's link ever appears in it.
    for (const [key, guest] of Object.entries(f.guests))
      if (key !== "pending") expect(row!.body).not.toContain(guest.qrCode);

    const audit = await db.pool.query(
      "SELECT changed_by, operation FROM audit_log WHERE table_name = 'outbox' AND record_id = $1",
      [row!.message_id],
    );
    expect(audit.rows).toEqual([{ changed_by: `user:${f.ana.userId}`, operation: "INSERT" }]);
  });

  it("reminds each Pending guest of the chosen event only: never those who answered or were not invited", async () => {
    const result = await remind.remindNonResponders(
      ana,
      { weddingId: f.rose.weddingId, eventId: f.rose.reception },
      ORIGIN,
      TODAY,
    );
    expect(result).toMatchObject({ queued: 2, skippedNoEmail: 0, skippedRecent: 0 });
    const rows = await outbox();
    expect(rows.map((r) => r.guest_id).sort()).toEqual([f.guests.pending.id, f.guests.receptionOnly.id].sort());
    expect(rows.every((r) => r.event_id === f.rose.reception && r.wedding_id === f.rose.weddingId)).toBe(true);
    const addresses = rows.map((r) => r.to_address);
    for (const never of ["accepted", "declined", "lilyPending", "irisPending", "noEmail", "badEmail"] as const)
      expect(addresses).not.toContain(f.guests[never].email);
  });

  it("skips guests reminded about the same event in the last 24 hours, and says so", async () => {
    const input = { weddingId: f.rose.weddingId, eventId: f.rose.reception };
    await remind.remindNonResponders(ana, input, ORIGIN, TODAY);
    const before = await fingerprint();
    const again = await remind.remindNonResponders(ana, input, ORIGIN, TODAY);
    expect(again).toMatchObject({ queued: 0, skippedNoEmail: 0, skippedRecent: 2, messageIds: [] });
    expect(again.message).toBe(
      "No reminders queued for Reception. Skipped 2 guests: reminded recently (in the last 24 hours).",
    );
    expect(await fingerprint()).toBe(before);

    // A reminder about another event is a different reminder.
    const ceremony = await remind.remindNonResponders(
      ana,
      { weddingId: f.rose.weddingId, eventId: f.rose.ceremony },
      ORIGIN,
      TODAY,
    );
    expect(ceremony).toMatchObject({ queued: 1, skippedRecent: 0 });
  });

  it("reminds again after 24 hours, and when the earlier message failed or was skipped", async () => {
    const input = { weddingId: f.rose.weddingId, eventId: f.rose.reception };
    await remind.remindNonResponders(ana, input, ORIGIN, TODAY);
    await db.pool.query(`UPDATE outbox SET created_at = now() - interval '25 hours' WHERE guest_id = $1`, [
      f.guests.pending.id,
    ]);
    await db.pool.query(`UPDATE outbox SET status = 'failed', attempts = 5 WHERE guest_id = $1`, [
      f.guests.receptionOnly.id,
    ]);
    const again = await remind.remindNonResponders(ana, input, ORIGIN, TODAY);
    expect(again).toMatchObject({ queued: 2, skippedRecent: 0 });

    const third = await remind.remindNonResponders(ana, input, ORIGIN, TODAY);
    expect(third).toMatchObject({ queued: 0, skippedRecent: 2 });
  });

  it("takes turns when two reminders for one event run at once: each guest is queued once", async () => {
    const input = { weddingId: f.rose.weddingId, eventId: f.rose.reception };
    // Writes to the outbox wait until the three have all started: without the
    // event's lock each would find nobody reminded yet, and queue everyone.
    const blocker = await db.pool.connect();
    let results: Remind.RemindResult[];
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE outbox IN EXCLUSIVE MODE");
      const running = Promise.all([
        remind.remindNonResponders(ana, input, ORIGIN, TODAY),
        remind.remindNonResponders(ana, input, ORIGIN, TODAY),
        remind.remindNonResponders(ana, input, ORIGIN, TODAY),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await blocker.query("COMMIT");
      results = await running;
    } finally {
      blocker.release();
    }
    expect(results.map((r) => r.queued).sort()).toEqual([0, 0, 2]);
    expect(await outbox()).toHaveLength(2);
  });

  it("writes a past deadline as past, and no deadline as 'as soon as you can'", async () => {
    await remind.remindNonResponders(
      ana,
      { weddingId: f.rose.weddingId, eventId: f.rose.ceremony },
      ORIGIN,
      "2027-05-02",
    );
    expect((await outbox())[0]!.body).toContain("The reply deadline was 1 May 2027");
  });

  describe("refuses, changing nothing", () => {
    const cases: [string, () => { weddingId: number; eventId: number }, () => UserIdentity][] = [
      [
        "another planner's wedding and event",
        () => ({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony }),
        () => ben,
      ],
      [
        "another planner's event under their own wedding id",
        () => ({ weddingId: f.rose.weddingId, eventId: f.iris.event }),
        () => ana,
      ],
      [
        "an event of the planner's other wedding",
        () => ({ weddingId: f.rose.weddingId, eventId: f.lily.event }),
        () => ana,
      ],
      ["an unknown event", () => ({ weddingId: f.rose.weddingId, eventId: 2_000_000_000 }), () => ana],
      ["an unknown wedding", () => ({ weddingId: 2_000_000_000, eventId: f.rose.ceremony }), () => ana],
    ];
    for (const [name, input, who] of cases) {
      it(name, async () => {
        const before = await fingerprint();
        await expect(remind.remindNonResponders(who(), input(), ORIGIN, TODAY)).rejects.toMatchObject({
          message: "Choose an event of this wedding.",
          fieldErrors: { eventId: ["Choose an event of this wedding."] },
        });
        expect(await fingerprint()).toBe(before);
      });
    }

    it("a cancelled event", async () => {
      const before = await fingerprint();
      await expect(
        remind.remindNonResponders(ana, { weddingId: f.rose.weddingId, eventId: f.rose.rehearsal }, ORIGIN, TODAY),
      ).rejects.toMatchObject({ message: "Rehearsal is cancelled: there is nobody to remind." });
      expect(await fingerprint()).toBe(before);
    });
  });

  it("lets an admin remind for any wedding", async () => {
    const admin = (
      await db.pool.query<{ user_id: number }>(
        "INSERT INTO users (email, name, role) VALUES ('root@example.test', 'Root', 'admin') RETURNING user_id",
      )
    ).rows[0]!.user_id;
    const result = await remind.remindNonResponders(
      { kind: "user", userId: admin, role: "admin" },
      { weddingId: f.iris.weddingId, eventId: f.iris.event },
      ORIGIN,
      TODAY,
    );
    expect(result.queued).toBe(1);
    expect((await outbox())[0]).toMatchObject({ to_address: "iris@example.test", created_by: admin });
  });
});
