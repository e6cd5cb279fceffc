import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReminderFixture, type Fixture } from "@/lib/reminders/test-fixture";
import { bodyText, startSmtpSink, type SmtpSink } from "@/lib/outbox/test-smtp-sink";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// `npm run outbox:send` as cron runs it: a separate process, pointed at a
// throwaway database through DATABASE_URL, sending to a real SMTP server on a
// local socket.

const TSX = path.resolve("node_modules/.bin/tsx");
const SCRIPT = path.resolve("scripts/outbox-send.ts");

type Run = { code: number; stdout: string; stderr: string };

function runSend(env: Record<string, string | undefined>, args: string[] = []): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, APP_DATABASE_URL: "" };
  delete base.SMTP_URL;
  delete base.MAIL_FROM;
  return new Promise((resolve) => {
    execFile(TSX, [SCRIPT, ...args], { env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let db: TestDatabase;
let sink: SmtpSink;
let f: Fixture;

async function queue(count: number, weddingId: number, guestId: number, eventId: number, to: string) {
  await db.pool.query(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
     SELECT $1, $2, $3, 'rsvp_reminder', $4, 'Please reply ' || n, 'Über alles: ' || n FROM generate_series(1, $5) n`,
    [weddingId, guestId, eventId, to, count],
  );
}

async function statuses(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM outbox GROUP BY status",
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  sink = await startSmtpSink();
  f = await createReminderFixture(db.pool);
});

beforeEach(async () => {
  await db.pool.query("DELETE FROM outbox");
  sink.received.length = 0;
  sink.reject.clear();
});

afterAll(async () => {
  await sink?.close();
  await db?.drop();
});

describe("scripts/outbox-send.ts", () => {
  it("sends every wedding's queued messages, exits 0 and prints the counts", async () => {
    await queue(2, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test");
    await queue(1, f.iris.weddingId, f.guests.irisPending.id, f.iris.event, "iris@example.test");
    await queue(1, f.rose.weddingId, f.guests.receptionOnly.id, f.rose.reception, "reception-only@example.test");
    sink.reject.add("reception-only@example.test");

    const run = await runSend({ SMTP_URL: sink.url, MAIL_FROM: "Rose & Sam <hello@rose.example.test>" });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("Outbox: 3 sent, 1 to retry, 0 failed, 0 skipped, 1 still queued.");
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
      "iris@example.test",
      "pending@example.test",
      "pending@example.test",
    ]);
    expect(sink.received[0]!.from).toBe("hello@rose.example.test");
    expect(bodyText(sink.received[0]!)).toMatch(/^Über alles: \d/);
    expect(await statuses()).toEqual({ sent: 3, queued: 1 });
    const { rows } = await db.pool.query(
      "SELECT changed_by FROM audit_log WHERE table_name = 'outbox' AND operation = 'UPDATE' LIMIT 1",
    );
    expect(rows[0].changed_by).toBe("user:0");
  }, 60_000);

  it("sends at most --limit messages", async () => {
    await queue(3, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test");
    const run = await runSend({ SMTP_URL: sink.url }, ["--limit", "2"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("Outbox: 2 sent, 0 to retry, 0 failed, 0 skipped, 1 still queued.");
    expect(sink.received).toHaveLength(2);
  }, 60_000);

  it("exits 1 when the mail server cannot be reached, leaving every message queued", async () => {
    await queue(3, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test");
    const closed = await startSmtpSink();
    await closed.close();
    const run = await runSend({ SMTP_URL: closed.url });
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toBe("Outbox: 0 sent, 1 to retry, 0 failed, 0 skipped, 3 still queued.");
    expect(run.stderr).toMatch(/Stopped early: the mail server failed \((ESOCKET|ECONNECTION): .*ECONNREFUSED/);
    expect(await statuses()).toEqual({ queued: 3 });
  }, 60_000);

  it("sends nothing without SMTP_URL, exits 0 and says sending is off", async () => {
    await queue(2, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test");
    const run = await runSend({});
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("Sending is off: set SMTP_URL. 2 queued message(s) wait in the outbox.");
    expect(sink.received).toHaveLength(0);
    expect(await statuses()).toEqual({ queued: 2 });
  }, 60_000);

  it("refuses a bad SMTP_URL or argument without touching anything, and never prints the URL", async () => {
    await queue(1, f.rose.weddingId, f.guests.pending.id, f.rose.ceremony, "pending@example.test");
    const badUrl = await runSend({ SMTP_URL: "http://user:hunter22@mail.example.test" });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain("SMTP_URL must start with smtp:// or smtps://. Nothing was sent.");
    expect(badUrl.stderr + badUrl.stdout).not.toContain("hunter22");
    const badArg = await runSend({ SMTP_URL: sink.url }, ["--limit", "0"]);
    expect(badArg.code).toBe(1);
    expect(badArg.stderr).toContain("Bad --limit. Usage: npm run outbox:send");
    const unknown = await runSend({ SMTP_URL: sink.url }, ["--all"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unexpected argument "--all".');
    expect(await statuses()).toEqual({ queued: 1 });
    expect(sink.received).toHaveLength(0);
  }, 60_000);
});
