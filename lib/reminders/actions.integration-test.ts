import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Identity } from "@/lib/db/with-identity";
import { bodyText, startSmtpSink, type SmtpSink } from "@/lib/outbox/test-smtp-sink";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Actions from "./actions";
import { createReminderFixture, type Fixture } from "./test-fixture";

// The "Remind non-responders" server action as the browser calls it (FormData
// in, plain result out), against a real database as the app role and a real
// SMTP server on a local socket. Only the session and the request are stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null, host: "app.example.test:3000" }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: session.host }) }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof Actions;
let disconnectApp: () => Promise<void>;
let sink: SmtpSink;
let f: Fixture;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
}

async function fingerprint(): Promise<string> {
  const { rows } = await db.pool.query<{ f: string }>(
    `SELECT (SELECT count(*) FROM audit_log) || ':' ||
            coalesce((SELECT md5(string_agg(o::text, '|' ORDER BY message_id)) FROM outbox o), '') AS f`,
  );
  return rows[0]!.f;
}

async function statuses(): Promise<string[]> {
  return (await db.pool.query<{ status: string }>("SELECT status FROM outbox ORDER BY message_id")).rows.map(
    (r) => r.status,
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  actions = await import("./actions");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  sink = await startSmtpSink();
  f = await createReminderFixture(db.pool);
});

beforeEach(async () => {
  session.identity = { kind: "user", userId: f.ana.userId, role: "planner" };
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  revalidatePath.mockClear();
  sink.received.length = 0;
  await db.pool.query("DELETE FROM outbox");
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await sink?.close();
  await disconnectApp?.();
  await db?.drop();
});

const remind = (fields: Record<string, string | number>) => actions.remindNonRespondersAction(null, form(fields));

describe("remindNonRespondersAction", () => {
  it("queues without sending when SMTP_URL is not set, and says sending is off", async () => {
    const result = await remind({ weddingId: f.rose.weddingId, eventId: f.rose.reception });
    expect(result).toMatchObject({
      ok: true,
      queued: 2,
      skippedNoEmail: 0,
      skippedRecent: 0,
      delivery: { kind: "off" },
    });
    expect(result.ok && result.message).toBe(
      "Queued 2 reminders for Reception. Sending is off: set SMTP_URL. They wait in the outbox until then.",
    );
    expect(await statuses()).toEqual(["queued", "queued"]);
    expect(sink.received).toHaveLength(0);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${f.rose.weddingId}/outbox`);
    // The link points at the address the planner used.
    const { rows } = await db.pool.query("SELECT body FROM outbox WHERE guest_id = $1", [f.guests.pending.id]);
    expect(rows[0].body).toContain(`http://app.example.test:3000/rsvp/${f.guests.pending.qrCode}`);
  });

  it("sends the new messages at once when SMTP_URL is set, to the right people with their own links", async () => {
    process.env.SMTP_URL = sink.url;
    process.env.APP_URL = "https://rsvp.example.test/some/path";
    const result = await remind({ weddingId: f.rose.weddingId, eventId: f.rose.reception });
    expect(result).toMatchObject({
      ok: true,
      queued: 2,
      delivery: { kind: "done", report: { claimed: 2, sent: 2, retrying: 0, failed: 0, skipped: 0 } },
    });
    expect(result.ok && result.message).toBe("Queued 2 reminders for Reception. Sent 2.");
    expect(await statuses()).toEqual(["sent", "sent"]);
    const byRecipient = new Map(sink.received.map((mail) => [mail.to[0], bodyText(mail)]));
    expect([...byRecipient.keys()].sort()).toEqual(["pending@example.test", "reception-only@example.test"]);
    expect(byRecipient.get("pending@example.test")).toContain(
      `https://rsvp.example.test/rsvp/${f.guests.pending.qrCode}`,
    );
    expect(byRecipient.get("reception-only@example.test")).toContain(
      `https://rsvp.example.test/rsvp/${f.guests.receptionOnly.qrCode}`,
    );
    expect(byRecipient.get("pending@example.test")).not.toContain(f.guests.receptionOnly.qrCode);
  });

  it("keeps the reminders queued when the mail server cannot be reached, and says so", async () => {
    const closed = await startSmtpSink();
    await closed.close();
    process.env.SMTP_URL = closed.url;
    const result = await remind({ weddingId: f.rose.weddingId, eventId: f.rose.reception });
    expect(result).toMatchObject({ ok: true, queued: 2, delivery: { kind: "done", report: { sent: 0, deferred: 1 } } });
    expect(result.ok && result.message).toBe(
      "Queued 2 reminders for Reception. Sent 0. 1 could not be sent (see Last error). " +
        "1 wait in the outbox for the next `npm run outbox:send`.",
    );
    expect(await statuses()).toEqual(["queued", "queued"]);
  });

  it("does not send the wedding's older queued messages along with the new ones", async () => {
    await remind({ weddingId: f.rose.weddingId, eventId: f.rose.reception });
    process.env.SMTP_URL = sink.url;
    const result = await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony });
    expect(result).toMatchObject({ ok: true, queued: 1, delivery: { report: { sent: 1 } } });
    expect(await statuses()).toEqual(["queued", "queued", "sent"]);
  });

  it("reports guests reminded recently as skipped", async () => {
    await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony });
    const result = await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony });
    expect(result).toMatchObject({ ok: true, queued: 0, skippedNoEmail: 2, skippedRecent: 1 });
    expect(result.ok && result.message).toBe(
      "No reminders queued for Ceremony. Skipped 2 guests without an email address. " +
        "Skipped 1 guest: reminded recently (in the last 24 hours).",
    );
  });

  describe("refuses, changing nothing", () => {
    const bad: [string, () => Record<string, string | number>, string, string][] = [
      ["no event chosen", () => ({ weddingId: f.rose.weddingId, eventId: "" }), "eventId", "Choose an event."],
      [
        "an event id that is not a number",
        () => ({ weddingId: f.rose.weddingId, eventId: "abc" }),
        "eventId",
        "Choose an event.",
      ],
      ["a negative event id", () => ({ weddingId: f.rose.weddingId, eventId: -3 }), "eventId", "Choose an event."],
      ["a fractional event id", () => ({ weddingId: f.rose.weddingId, eventId: "1.5" }), "eventId", "Choose an event."],
      [
        "an event id too large",
        () => ({ weddingId: f.rose.weddingId, eventId: "99999999999" }),
        "eventId",
        "Choose an event.",
      ],
      ["a missing wedding", () => ({ eventId: f.rose.ceremony }), "weddingId", "This wedding was not found."],
      [
        "a wedding id that is not a number",
        () => ({ weddingId: "rose", eventId: f.rose.ceremony }),
        "weddingId",
        "This wedding was not found.",
      ],
    ];
    for (const [name, fields, field, message] of bad) {
      it(name, async () => {
        const before = await fingerprint();
        const result = await remind(fields());
        expect(result).toEqual({
          ok: false,
          error: "Please correct the highlighted fields.",
          fieldErrors: { [field]: [message] },
        });
        expect(await fingerprint()).toBe(before);
      });
    }

    it("an event given twice", async () => {
      const data = form({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony });
      data.append("eventId", String(f.rose.reception));
      const before = await fingerprint();
      expect(await actions.remindNonRespondersAction(null, data)).toMatchObject({ ok: false });
      expect(await fingerprint()).toBe(before);
    });

    it("another planner's wedding and event", async () => {
      session.identity = { kind: "user", userId: f.ben.userId, role: "planner" };
      process.env.SMTP_URL = sink.url;
      const before = await fingerprint();
      expect(await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony })).toEqual({
        ok: false,
        error: "Choose an event of this wedding.",
        fieldErrors: { eventId: ["Choose an event of this wedding."] },
      });
      expect(await fingerprint()).toBe(before);
      expect(sink.received).toHaveLength(0);
    });

    it("an event of another wedding", async () => {
      const before = await fingerprint();
      expect(await remind({ weddingId: f.rose.weddingId, eventId: f.iris.event })).toMatchObject({
        ok: false,
        error: "Choose an event of this wedding.",
      });
      expect(await remind({ weddingId: f.rose.weddingId, eventId: f.lily.event })).toMatchObject({ ok: false });
      expect(await fingerprint()).toBe(before);
    });

    it("nobody signed in, or a vendor", async () => {
      const before = await fingerprint();
      session.identity = null;
      expect(await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony })).toEqual({
        ok: false,
        error: "Not found.",
      });
      session.identity = { kind: "user", userId: f.ana.userId, role: "vendor" };
      expect(await remind({ weddingId: f.rose.weddingId, eventId: f.rose.ceremony })).toEqual({
        ok: false,
        error: "Not found.",
      });
      expect(await fingerprint()).toBe(before);
      expect(revalidatePath).not.toHaveBeenCalled();
    });
  });
});
