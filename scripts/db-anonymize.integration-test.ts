import { execFile } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymizeCopy, ANONYMIZED_COPY_PASSWORD } from "@/lib/anonymize/anonymize-copy";
import { verifyAuditChain } from "@/lib/audit/verify";
import { readInventorySnapshot, type TInventory } from "@/lib/backup/inventory";
import { findPgTool, spawnPgTool } from "@/lib/backup/pg-tools";
import { withDatabase } from "@/lib/db/config";
import { dropDatabase } from "@/lib/db/server";
import { seedDemoData } from "@/lib/seed/demo-data";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";

// npm run db:anonymize as an operator runs it, on a seeded database with the
// awkward cases added: an outbox message, a guest who shares the couple's
// email (in other letter case), a renamed and a deleted guest (whose real
// values live on only in the audit trail), a calendar feed, MFA secrets and
// throttle rows. Then a plain pg_dump of the copy is searched for every real
// value.

const TSX = path.resolve("node_modules/.bin/tsx");
const SECRET = "integration-test-secret-0123456789";

type Run = { code: number; stdout: string; stderr: string };

function anonymize(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [path.resolve("scripts/db-anonymize.ts"), ...args],
      {
        env: { ...process.env, DATABASE_URL: db.url, APP_DATABASE_URL: db.appUrl, ANONYMIZE_SECRET: SECRET },
        timeout: 150_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

let db: TestDatabase;
let copyName: string;
let run: Run;
let originals: string[];
let copy: pg.Client;
let fixture: { guestId: number; sharedGuestId: number; clientId: number; renamedFrom: string; deletedName: string };

async function one<T>(client: pg.Client | pg.Pool, sql: string, params: unknown[] = []): Promise<T> {
  return (await client.query(sql, params)).rows[0] as T;
}

async function plainDump(database: string): Promise<string> {
  const tool = await findPgTool("pg_dump", 15);
  const { child, done } = spawnPgTool(tool, ["--no-password"], withDatabase(db.url, database), { stdout: "pipe" });
  const chunks: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await done;
  if (result.code !== 0) throw new Error(result.stderr);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The values that occur in `text`. One pass over the text with a map of
 * prefixes: thousands of String.includes() over a dump of megabytes take
 * tens of seconds on a busy machine.
 */
function findOccurrences(text: string, values: string[]): string[] {
  const k = Math.min(6, ...values.map((v) => v.length));
  const byPrefix = new Map<string, string[]>();
  for (const value of values) {
    const prefix = value.slice(0, k);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), value]);
  }
  const found = new Set<string>();
  for (let i = 0; i + k <= text.length; i++) {
    const candidates = byPrefix.get(text.slice(i, i + k));
    if (!candidates) continue;
    for (const value of candidates) if (text.startsWith(value, i)) found.add(value);
  }
  return [...found].sort();
}

beforeAll(async () => {
  db = await createTestDatabase();
  copyName = `${db.name}_anon`;
  await seedDemoData(db.prisma);
  const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);

  const guest = await one<{ guest_id: number; wedding_id: number; email: string }>(
    db.pool,
    "SELECT guest_id, wedding_id, email FROM guest WHERE email IS NOT NULL ORDER BY guest_id LIMIT 1",
  );
  const event = await one<{ event_id: number }>(
    db.pool,
    "SELECT min(event_id) AS event_id FROM event WHERE wedding_id = $1",
    [guest.wedding_id],
  );
  await q(
    `INSERT INTO outbox (wedding_id, guest_id, event_id, kind, to_address, subject, body)
     SELECT $1, g.guest_id, $2, 'rsvp_reminder', g.email, 'Please reply: ' || w.wedding_name,
            'Dear ' || g.full_name || E',\n\nhttps://example.org/rsvp/' || g.qr_code
     FROM guest g JOIN wedding w USING (wedding_id) WHERE g.guest_id = $3`,
    [guest.wedding_id, event.event_id, guest.guest_id],
  );
  // A guest with the couple's address, typed in other letter case.
  const client = await one<{ client_id: number; email: string; guest_id: number }>(
    db.pool,
    `SELECT c.client_id, c.email, g.guest_id FROM client c JOIN wedding w USING (client_id)
     JOIN guest g ON g.wedding_id = w.wedding_id WHERE g.guest_id <> $1 ORDER BY g.guest_id LIMIT 1`,
    [guest.guest_id],
  );
  await q("UPDATE guest SET email = upper($1) WHERE guest_id = $2", [client.email, client.guest_id]);
  // Real values that survive only in the audit trail.
  const renamed = await one<{ guest_id: number; full_name: string }>(
    db.pool,
    "SELECT guest_id, full_name FROM guest WHERE guest_id NOT IN ($1, $2) ORDER BY guest_id LIMIT 1",
    [guest.guest_id, client.guest_id],
  );
  await q("UPDATE guest SET full_name = 'Renamed Person' WHERE guest_id = $1", [renamed.guest_id]);
  const deleted = await one<{ guest_id: number; full_name: string }>(
    db.pool,
    "SELECT guest_id, full_name FROM guest WHERE guest_id NOT IN ($1, $2, $3) ORDER BY guest_id DESC LIMIT 1",
    [guest.guest_id, client.guest_id, renamed.guest_id],
  );
  await q("DELETE FROM guest WHERE guest_id = $1", [deleted.guest_id]);
  await q("INSERT INTO calendar_feed (wedding_id) VALUES ($1)", [guest.wedding_id]);
  await q("UPDATE users SET mfa_secret = 'JBSWY3DPEHPK3PXPREALSECRET', mfa_enabled_at = now() WHERE role = 'admin'");
  await q(
    "INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT user_id, 'recovery-hash-of-a-real-code' FROM users WHERE role = 'admin'",
  );
  await q("INSERT INTO auth_throttle (key, failures) VALUES ('email:planner1@demo.wedding', 3), ('ip:203.0.113.9', 2)");
  await q("INSERT INTO rate_limit (key, window_start, hits) VALUES ('sign-in:ip:203.0.113.9', now(), 4)");
  fixture = {
    guestId: guest.guest_id,
    sharedGuestId: client.guest_id,
    clientId: client.client_id,
    renamedFrom: renamed.full_name,
    deletedName: deleted.full_name,
  };

  const values = await db.pool.query<{ v: string }>(`
    SELECT DISTINCT v FROM (
      SELECT email AS v FROM users UNION ALL SELECT name FROM users UNION ALL SELECT password_hash FROM users
      UNION ALL SELECT mfa_secret FROM users UNION ALL SELECT code_hash FROM mfa_recovery_code
      UNION ALL SELECT name FROM client UNION ALL SELECT email FROM client UNION ALL SELECT phone FROM client
      UNION ALL SELECT primary_contact FROM client UNION ALL SELECT alternate_contact FROM client
      UNION ALL SELECT full_name FROM guest UNION ALL SELECT email FROM guest UNION ALL SELECT phone FROM guest
      UNION ALL SELECT qr_code FROM guest UNION ALL SELECT unnest(plus_one_names) FROM event_rsvp
      UNION ALL SELECT wedding_name FROM wedding UNION ALL SELECT name FROM household
      UNION ALL SELECT company_name FROM planner UNION ALL SELECT phone FROM planner UNION ALL SELECT name FROM vendor
      UNION ALL SELECT token FROM calendar_feed UNION ALL SELECT to_address FROM outbox UNION ALL SELECT subject FROM outbox
      UNION ALL SELECT key FROM auth_throttle UNION ALL SELECT key FROM rate_limit
      UNION ALL SELECT old_values ->> 'full_name' FROM audit_log WHERE table_name = 'guest'
      UNION ALL SELECT old_values ->> 'email' FROM audit_log WHERE table_name = 'guest'
    ) x WHERE v IS NOT NULL`);
  originals = values.rows.map((row) => row.v);

  run = await anonymize(["--to", copyName]);
  copy = new pg.Client({ connectionString: withDatabase(db.url, copyName) });
  await copy.connect();
});

afterAll(async () => {
  await copy?.end();
  const admin = process.env.TEST_PG_ADMIN_URL!;
  if (db) for (const name of [copyName, `${db.name}_other`]) await dropDatabase(admin, name);
  await db?.drop();
});

describe("npm run db:anonymize", () => {
  it("builds the copy and prints how to sign in to it", () => {
    expect(run.stderr).toContain("Fakes keyed by ANONYMIZE_SECRET.");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Anonymized copy ready: database "${copyName}".`);
    expect(run.stdout).toMatch(/admin\s+[a-z]+\.[a-z]+\.[0-9a-f]{10}@example\.test/);
    expect(run.stdout).not.toContain(SECRET);
  });

  it("leaves no real name, email, phone, token or secret anywhere in a dump of the copy", async () => {
    const dump = await plainDump(copyName);
    expect(originals.length).toBeGreaterThan(2000);
    expect(originals).toContain(fixture.renamedFrom);
    expect(originals).toContain(fixture.deletedName);
    expect(findOccurrences(dump, originals)).toEqual([]);
    // The search itself works: the source's dump holds them all.
    const searchable = originals.filter((value) => !/[\n\t\\]/.test(value));
    expect(findOccurrences(await plainDump(db.name), searchable)).toEqual([...searchable].sort());
  });

  it("maps equal inputs to equal fakes across tables and in the audit trail", async () => {
    const guest = await one<{ email: string; to_address: string }>(
      copy,
      "SELECT g.email, o.to_address FROM guest g JOIN outbox o USING (guest_id) WHERE g.guest_id = $1",
      [fixture.guestId],
    );
    expect(guest.email).toMatch(/@example\.test$/);
    expect(guest.to_address).toBe(guest.email);

    const shared = await one<{ guest_email: string; client_email: string }>(
      copy,
      "SELECT g.email AS guest_email, c.email AS client_email FROM guest g, client c WHERE g.guest_id = $1 AND c.client_id = $2",
      [fixture.sharedGuestId, fixture.clientId],
    );
    expect(shared.guest_email).toBe(shared.client_email);

    const audited = await one<{ email: string }>(
      copy,
      `SELECT new_values ->> 'email' AS email FROM audit_log
       WHERE table_name = 'guest' AND record_id = $1 AND operation = 'UPDATE' AND new_values ? 'email'`,
      [fixture.sharedGuestId],
    );
    expect(audited.email).toBe(shared.client_email);
  });

  it("keeps every table's row count, except the emptied throttles, recovery codes and data keys", async () => {
    const counts = async (client: pg.ClientBase) => (await readInventorySnapshot(client)).tables;
    const sourceClient = await db.pool.connect();
    let source: TInventory["tables"];
    try {
      source = await counts(sourceClient);
    } finally {
      sourceClient.release();
    }
    const target = await counts(copy);
    // The real couples' data keys stay behind too: the copy's encrypted columns are emptied.
    const emptied = ["public.auth_throttle", "public.rate_limit", "public.mfa_recovery_code", "public.data_key"];
    for (const table of emptied) expect(target[table], table).toBe(0);
    for (const table of emptied) expect(source[table], table).toBeGreaterThan(0);
    expect(Object.keys(target).sort()).toEqual(Object.keys(source).sort());
    for (const table of Object.keys(source).filter((t) => !emptied.includes(t))) {
      expect(target[table], table).toBe(source[table]);
    }
    const mfa = await one<{ n: number }>(
      copy,
      "SELECT count(*)::int AS n FROM users WHERE mfa_secret IS NOT NULL OR mfa_enabled_at IS NOT NULL",
    );
    expect(mfa.n).toBe(0);
  });

  it("re-chains the audit trail so that it verifies on the copy", async () => {
    expect(await verifyAuditChain(copy)).toMatchObject({ ok: true });
    const rows = await one<{ n: number }>(copy, "SELECT count(*)::int AS n FROM audit_log");
    expect(rows.n).toBeGreaterThan(1000);
  });

  it("lets the app role read it through row-level security, and the copy's accounts sign in with the documented password", async () => {
    const planner = await one<{ user_id: number; email: string; weddings: number }>(
      copy,
      `SELECT u.user_id, u.email, (SELECT count(*)::int FROM wedding w WHERE w.planner_id = p.planner_id) AS weddings
       FROM users u JOIN planner p ON p.user_id = u.user_id ORDER BY u.user_id LIMIT 1`,
    );
    const source = await one<{ weddings: number }>(
      db.pool,
      "SELECT count(*)::int AS weddings FROM wedding w JOIN planner p USING (planner_id) WHERE p.user_id = $1",
      [planner.user_id],
    );
    expect(planner.weddings).toBe(source.weddings);

    process.env.APP_DATABASE_URL = withDatabase(db.appUrl, copyName);
    const { listWeddingSummaries } = await import("@/lib/weddings/queries");
    const seen = await listWeddingSummaries({ kind: "user", userId: planner.user_id, role: "planner" });
    expect(seen).toHaveLength(planner.weddings);
    expect(seen.every((wedding) => wedding.name.endsWith(" wedding"))).toBe(true);

    const { checkCredentials } = await import("@/lib/auth/credentials");
    const ok = await checkCredentials({ email: planner.email, password: ANONYMIZED_COPY_PASSWORD }, "127.0.0.1");
    expect(ok).toMatchObject({ ok: true, account: { userId: planner.user_id } });
    const real = await checkCredentials({ email: "planner1@demo.wedding", password: "demo-planner-1" }, "127.0.0.1");
    expect(real.ok).toBe(false);
    await (await import("@/lib/db/client")).getPrisma().$disconnect();
  });

  it("refuses the live database, an existing copy without --force, and --force on a database it did not make", async () => {
    // In process: each run of the command costs seconds of start-up.
    const secret = Buffer.from(SECRET);
    await expect(anonymizeCopy({ ownerUrl: db.url, to: db.name, secret })).rejects.toThrow(
      `"${db.name}" is the live database.`,
    );
    await expect(anonymizeCopy({ ownerUrl: db.url, to: copyName, secret })).rejects.toThrow(
      `Database "${copyName}" already exists. Nothing was changed.`,
    );
    await db.pool.query(`CREATE DATABASE ${db.name}_other`);
    await expect(anonymizeCopy({ ownerUrl: db.url, to: `${db.name}_other`, secret, force: true })).rejects.toThrow(
      /was not made by db:anonymize, so --force will not drop it/,
    );
    expect((await db.pool.query("SELECT 1 FROM pg_database WHERE datname = $1", [`${db.name}_other`])).rowCount).toBe(
      1,
    );

    const missing = await anonymize([]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--to: Required: the name of the copy.");
  });
});
