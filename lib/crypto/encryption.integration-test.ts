import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/seed/demo-data";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as WithIdentity from "@/lib/db/with-identity";
import type * as Sql from "./sql";
import { generateMasterKey, getKeyring, masterKeyId, type Keyring } from "./keyring";
import { encryptLegacyPii, readBackAll } from "./maintenance";
import { rotateMasterKey } from "./rotate";

// Envelope encryption of client and guest phones (migration
// 20261127000200_pii_encryption), against a real database as the app role.

const run = promisify(execFile);
let db: TestDatabase;
let withIdentity: typeof WithIdentity.withIdentity;
let sql: typeof Sql;
let disconnectApp: () => Promise<void>;
let planner: Identity;
let otherPlanner: Identity;
let weddingId: number;
let householdId: number;
let guestToken: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await db.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  sql = await import("./sql");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  await seedDemoData(db.prisma);
  const { rows } = await db.pool.query<{ user_id: number; wedding_id: number; household_id: number; qr_code: string }>(
    `SELECT p.user_id, w.wedding_id, h.household_id, g.qr_code
     FROM planner p JOIN wedding w USING (planner_id) JOIN household h ON h.wedding_id = w.wedding_id
     JOIN guest g ON g.household_id = h.household_id ORDER BY p.user_id, w.wedding_id, h.household_id LIMIT 1`,
  );
  planner = { kind: "user", userId: rows[0]!.user_id, role: "planner" };
  weddingId = rows[0]!.wedding_id;
  householdId = rows[0]!.household_id;
  guestToken = rows[0]!.qr_code;
  const other = await db.pool.query<{ user_id: number }>(
    "SELECT user_id FROM planner WHERE user_id <> $1 ORDER BY user_id LIMIT 1",
    [planner.kind === "user" ? planner.userId : 0],
  );
  otherPlanner = { kind: "user", userId: other.rows[0]!.user_id, role: "planner" };
});

afterEach(() => {
  for (const key of ["ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

/** Reads as the owner acting as admin: the owner is subject to row-level security too. */
async function asAdmin(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
    const { rows } = await client.query(text, params);
    await client.query("COMMIT");
    return rows;
  } finally {
    client.release();
  }
}

async function addGuest(phone: string | null, name = "Encrypted Guest"): Promise<number> {
  return withIdentity(planner, async (tx) => {
    const guest = await tx.guest.create({
      data: { weddingId, householdId, fullName: name, phone },
      select: { id: true },
    });
    return guest.id;
  });
}

async function readPhone(identity: Identity, guestId: number): Promise<string | null | undefined> {
  return withIdentity(identity, async (tx) => {
    const rows = await tx.$queryRaw<{ phone: string | null }[]>`
      SELECT ${sql.GUEST_PHONE_SQL} AS phone FROM guest g WHERE g.guest_id = ${guestId}`;
    return rows[0] === undefined ? undefined : rows[0].phone;
  });
}

describe("column encryption", () => {
  it("stores a guest's phone only as ciphertext, which psql as the owner cannot read", async () => {
    const phone = "+389 70 123 456";
    const guestId = await addGuest(phone);
    const { stdout } = await run("psql", [
      db.url,
      "-X",
      "-A",
      "-t",
      "-c",
      `SELECT phone, encode(phone_encrypted, 'escape') FROM guest WHERE guest_id = ${guestId}`,
    ]);
    expect(stdout.length).toBeGreaterThan(20);
    expect(stdout).not.toContain("70 123 456");
    expect(stdout).not.toContain("70123456");
    const { rows } = await db.pool.query<{ phone: string | null; pgp: boolean }>(
      // A pgcrypto message starts with an OpenPGP packet tag (0xc3 symmetric-key session key).
      "SELECT phone, get_byte(phone_encrypted, 0) = 195 AS pgp FROM guest WHERE guest_id = $1",
      [guestId],
    );
    expect(rows[0]).toEqual({ phone: null, pgp: true });
    // The audit trail copied the row after the trigger: ciphertext only.
    const audit = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE table_name = 'guest' AND new_values::text LIKE '%123 456%'",
    );
    expect(audit.rows[0]!.n).toBe(0);
  });

  it("decrypts for the wedding's planner, and for nobody else", async () => {
    const guestId = await addGuest("+44 7700 900123");
    expect(await readPhone(planner, guestId)).toBe("+44 7700 900123");
    // Another planner does not even see the row.
    expect(await readPhone(otherPlanner, guestId)).toBeUndefined();
    // The guest's own party sees the row but gets no key, so no phone.
    const mine = await db.pool.query<{ guest_id: number }>("SELECT guest_id FROM guest WHERE qr_code = $1", [
      guestToken,
    ]);
    await withIdentity(planner, (tx) =>
      tx.guest.update({ where: { id: mine.rows[0]!.guest_id }, data: { phone: "+1 555 0100" } }),
    );
    expect(await readPhone({ kind: "guest", guestToken }, mine.rows[0]!.guest_id)).toBeNull();
    expect(await readPhone(planner, mine.rows[0]!.guest_id)).toBe("+1 555 0100");
  });

  it("stores a payment's method only as ciphertext, which the couple's planner decrypts", async () => {
    const [payment] = await asAdmin(
      `SELECT p.payment_id, p.payment_date::text AS day FROM payment p JOIN wedding w ON w.wedding_id = p.wedding_id
       JOIN planner pl ON pl.planner_id = w.planner_id WHERE pl.user_id = $1 ORDER BY p.payment_id LIMIT 1`,
      [planner.kind === "user" ? planner.userId : 0],
    );
    const id = Number(payment!.payment_id);
    await withIdentity(
      planner,
      (tx) => tx.$executeRaw`UPDATE payment SET method = 'Card ending 4242' WHERE payment_id = ${id}`,
    );
    const stored = await asAdmin(
      "SELECT method, encode(method_encrypted, 'escape') AS raw FROM payment WHERE payment_id = $1",
      [id],
    );
    expect(stored[0]!.method).toBeNull();
    expect(String(stored[0]!.raw)).not.toContain("4242");
    const read = await withIdentity(
      planner,
      (tx) =>
        tx.$queryRaw<{ method: string | null }[]>`
        SELECT app_pii_decrypt(p.method_encrypted, p.client_id) AS method FROM payment p WHERE p.payment_id = ${id}`,
    );
    expect(read).toEqual([{ method: "Card ending 4242" }]);
  });

  it("encrypts a contract's document reference when the vendor accepts, for the planner's eyes only", async () => {
    const [sent] = await asAdmin(
      `SELECT p.proposal_id, v.user_id AS vendor_user, pl.user_id AS planner_user
       FROM proposal p JOIN vendor v ON v.vendor_id = p.vendor_id
       JOIN wedding w ON w.wedding_id = p.wedding_id JOIN planner pl ON pl.planner_id = w.planner_id
       WHERE p.status = 'Sent' AND p.valid_until >= current_date AND v.user_id IS NOT NULL
       ORDER BY p.proposal_id LIMIT 1`,
    );
    const proposalId = Number(sent!.proposal_id);
    const vendor: Identity = { kind: "user", userId: Number(sent!.vendor_user), role: "vendor" };
    const owner: Identity = { kind: "user", userId: Number(sent!.planner_user), role: "planner" };
    await withIdentity(
      vendor,
      (tx) => tx.$executeRaw`UPDATE proposal SET status = 'Accepted' WHERE proposal_id = ${proposalId}`,
    );
    const [stored] = await asAdmin(
      "SELECT document_storage_ref AS clear, encode(document_storage_ref_encrypted, 'escape') AS raw FROM contract WHERE proposal_id = $1",
      [proposalId],
    );
    expect(stored!.clear).toBeNull();
    expect(String(stored!.raw)).not.toContain(`proposal/${proposalId}`);
    const readAs = (identity: Identity) =>
      withIdentity(
        identity,
        (tx) =>
          tx.$queryRaw<{ ref: string | null }[]>`
          SELECT app_pii_decrypt(c.document_storage_ref_encrypted, w.client_id) AS ref
          FROM contract c JOIN wedding w ON w.wedding_id = c.wedding_id WHERE c.proposal_id = ${proposalId}`,
      );
    expect(await readAs(owner)).toEqual([{ ref: `generated:contract_document_text/proposal/${proposalId}` }]);
    // The vendor sees the contract, never the key that opens its reference.
    expect(await readAs(vendor)).toEqual([{ ref: null }]);
    await expect(withIdentity(vendor, (tx) => tx.$queryRaw`SELECT app_pii_encrypt_as_system('x', 1)`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it("clears a phone with an empty string and keeps it when the update leaves it out", async () => {
    const guestId = await addGuest("+33 6 12 34 56 78");
    await withIdentity(planner, (tx) => tx.guest.update({ where: { id: guestId }, data: { fullName: "Renamed" } }));
    expect(await readPhone(planner, guestId)).toBe("+33 6 12 34 56 78");
    await withIdentity(planner, (tx) => tx.guest.update({ where: { id: guestId }, data: { phone: "" } }));
    expect(await readPhone(planner, guestId)).toBeNull();
    const { rows } = await db.pool.query("SELECT phone, phone_encrypted FROM guest WHERE guest_id = $1", [guestId]);
    expect(rows[0]).toEqual({ phone: null, phone_encrypted: null });
  });

  it("gives each couple its own data key, wrapped under the master key and never stored in the clear", async () => {
    await addGuest("+39 333 000 1111");
    const { rows } = await db.pool.query<{ n: number; ids: string[] }>(
      "SELECT count(*)::int AS n, array_agg(DISTINCT master_key_id) AS ids FROM data_key",
    );
    expect(rows[0]!.n).toBeGreaterThan(1);
    expect(rows[0]!.ids).toEqual([getKeyring().current.id]);
    // The master key is nowhere in the database, not in a table, not in a statement's text.
    const secret = getKeyring().current.secret;
    const { rows: found } = await db.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM pg_stat_statements WHERE strpos(query, $1) > 0)
            + (SELECT count(*) FROM data_key WHERE strpos(encode(wrapped_key, 'escape'), $1) > 0)
            + (SELECT count(*) FROM audit_log WHERE strpos(coalesce(new_values::text, ''), $1) > 0) AS n`,
      [secret],
    );
    expect(Number(found[0]!.n)).toBe(0);
  });

  it("refuses to store a phone when no master key is loaded, and changes nothing", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
      // A couple without a data key yet: storing their first phone would have to make one.
      const { rows } = await client.query<{ wedding_id: number; household_id: number; client_id: number }>(
        `SELECT w.wedding_id, h.household_id, w.client_id FROM wedding w JOIN household h USING (wedding_id)
         ORDER BY w.wedding_id DESC LIMIT 1`,
      );
      const target = rows[0]!;
      await client.query("DELETE FROM data_key WHERE client_id = $1", [target.client_id]);
      await client.query("SAVEPOINT before_insert");
      await expect(
        client.query(
          "INSERT INTO guest (wedding_id, household_id, full_name, phone) VALUES ($1, $2, 'No Key', '+1 555 0199')",
          [target.wedding_id, target.household_id],
        ),
      ).rejects.toThrow(/No encryption key is loaded/);
      await client.query("ROLLBACK TO SAVEPOINT before_insert");
      const after = await client.query(
        "SELECT (SELECT count(*)::int FROM data_key WHERE client_id = $1) AS keys, (SELECT count(*)::int FROM guest WHERE full_name = 'No Key') AS guests",
        [target.client_id],
      );
      expect(after.rows[0]).toEqual({ keys: 0, guests: 0 });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });

  it("encrypts clear values left from before the migration, then validates the constraint", async () => {
    // A clear phone as an older version of the schema stored it (RLS applies to the owner too: act as admin).
    await db.pool.query(`
      BEGIN;
      SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true);
      ALTER TABLE guest DROP CONSTRAINT guest_pii_encrypted;
      ALTER TABLE guest DISABLE TRIGGER a_encrypt_pii;
      UPDATE guest SET phone = '+385 91 555 0000' WHERE guest_id = (SELECT min(guest_id) FROM guest);
      ALTER TABLE guest ENABLE TRIGGER a_encrypt_pii;
      ALTER TABLE guest ADD CONSTRAINT guest_pii_encrypted CHECK (phone IS NULL) NOT VALID;
      COMMIT;`);
    expect(await encryptLegacyPii(db.url, getKeyring())).toEqual({ clients: 0, guests: 1 });
    const rows = await asAdmin(
      `SELECT (SELECT count(*)::int FROM guest WHERE phone IS NOT NULL) AS clear,
              (SELECT count(*)::int FROM guest WHERE phone_encrypted IS NOT NULL) AS encrypted,
              (SELECT convalidated FROM pg_constraint WHERE conname = 'guest_pii_encrypted') AS valid`,
    );
    expect(rows[0]).toMatchObject({ clear: 0, valid: true });
    expect(Number(rows[0]!.encrypted)).toBeGreaterThan(0);
    expect(await encryptLegacyPii(db.url, getKeyring())).toEqual({ clients: 0, guests: 0 });
  });
});

describe("keys:rotate", () => {
  it("re-wraps every data key under a new configured key while readers keep reading", async () => {
    const guestId = await addGuest("+389 75 111 222");
    const old = getKeyring();
    const next = generateMasterKey();
    process.env.ENCRYPTION_KEY = next;
    process.env.ENCRYPTION_KEY_PREVIOUS = old.current.secret;

    let reads = 0;
    let stop = false;
    const readers = (async () => {
      while (!stop) {
        expect(await readPhone(planner, guestId)).toBe("+389 75 111 222");
        reads++;
      }
    })();
    const result = await rotateMasterKey(db.url, process.env, os.tmpdir());
    stop = true;
    await readers;
    expect(reads).toBeGreaterThan(0);
    expect(result.rewrapped).toBeGreaterThan(1);
    expect(result.report.every((r) => r.readable === r.encrypted)).toBe(true);
    const ids = await db.pool.query<{ id: string }>("SELECT DISTINCT master_key_id AS id FROM data_key");
    expect(ids.rows).toEqual([{ id: masterKeyId(next) }]);

    // The old key alone no longer opens anything; the new one alone opens everything.
    delete process.env.ENCRYPTION_KEY_PREVIOUS;
    expect(await readPhone(planner, guestId)).toBe("+389 75 111 222");
    const oldOnly: Keyring = { current: old.current, previous: null };
    await expect(readBackAll(db.url, oldOnly)).rejects.toThrow(/master key .* is not loaded/);

    // Back to the key file the other tests use.
    const back = { ...process.env, ENCRYPTION_KEY: old.current.secret, ENCRYPTION_KEY_PREVIOUS: next };
    await rotateMasterKey(db.url, back, os.tmpdir());
  });

  it("with the generated key file: makes a new key, re-wraps, proves it, and removes the previous file", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "keys-"));
    fs.mkdirSync(path.join(root, ".data"));
    const current = getKeyring();
    fs.writeFileSync(path.join(root, ".data", "encryption-key"), `${current.current.secret}\n`, { mode: 0o600 });
    const env = { ...process.env, ENCRYPTION_KEY: undefined, ENCRYPTION_KEY_FILE: undefined };
    const result = await rotateMasterKey(db.url, env, root);
    expect(result.mode).toBe("key-file");
    expect(result.keyId).not.toBe(current.current.id);
    expect(fs.existsSync(path.join(root, ".data", "encryption-key.previous"))).toBe(false);
    const rotated = getKeyring(env, root);
    expect(rotated.current.id).toBe(result.keyId);
    expect(rotated.previous).toBeNull();
    // Hand the data back to the default key.
    await rotateMasterKey(
      db.url,
      { ENCRYPTION_KEY: current.current.secret, ENCRYPTION_KEY_PREVIOUS: rotated.current.secret },
      root,
    );
  });
});
