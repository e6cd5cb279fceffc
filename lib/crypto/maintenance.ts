import pg from "pg";
import { keyringSettings, type Keyring } from "./keyring";

// Owner-side key work: encrypting rows written before column encryption
// existed, re-wrapping data keys under a new master key, and proving that every
// ciphertext can be read back. These act for no person, as the system (user 0,
// role admin), and take the master keys as bound parameters only.

async function inSystemTransaction<T>(
  url: string,
  keyring: Keyring,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "wedding-planner keys" });
  await client.connect();
  try {
    await client.query("BEGIN");
    const keys = keyringSettings(keyring);
    await client.query(
      `SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true),
              set_config('app.master_key', $1, true), set_config('app.master_key_id', $2, true),
              set_config('app.master_key_prev', $3, true), set_config('app.master_key_prev_id', $4, true)`,
      [keys.key, keys.keyId, keys.previousKey, keys.previousKeyId],
    );
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Encrypts clear values left from before the encryption migration (the
 * trigger does it on any update), then validates the constraints that forbid
 * clear values. Cheap when there is nothing to do.
 */
export async function encryptLegacyPii(url: string, keyring: Keyring): Promise<{ clients: number; guests: number }> {
  const counts = await inSystemTransaction(url, keyring, async (client) => {
    const clients = await client.query(
      "UPDATE client SET phone = phone, alternate_contact = alternate_contact WHERE phone IS NOT NULL OR alternate_contact IS NOT NULL",
    );
    const guests = await client.query("UPDATE guest SET phone = phone WHERE phone IS NOT NULL");
    await client.query("UPDATE payment SET method = method WHERE method IS NOT NULL");
    return { clients: clients.rowCount ?? 0, guests: guests.rowCount ?? 0 };
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ conname: string }>(
      "SELECT conname FROM pg_constraint WHERE conname IN ('client_pii_encrypted', 'guest_pii_encrypted') AND NOT convalidated",
    );
    for (const { conname } of rows) {
      if (conname === "client_pii_encrypted")
        await client.query("ALTER TABLE client VALIDATE CONSTRAINT client_pii_encrypted");
      if (conname === "guest_pii_encrypted")
        await client.query("ALTER TABLE guest VALIDATE CONSTRAINT guest_pii_encrypted");
    }
  } finally {
    await client.end();
  }
  return counts;
}

const REWRAP_BATCH = 500;

/**
 * Re-wraps, in batches of its own transaction each, every data key that is not
 * yet under the keyring's current master key. The previous key must be loaded
 * for keys still wrapped under it. Running servers that hold both keys keep
 * working throughout.
 */
export async function rewrapDataKeys(url: string, keyring: Keyring, onBatch?: (done: number) => void): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inSystemTransaction(url, keyring, async (client) => {
      const result = await client.query(
        `UPDATE data_key k
         SET wrapped_key = pgp_sym_encrypt(pgp_sym_decrypt(k.wrapped_key, app_master_key_for(k.master_key_id)),
                                           $1, 'cipher-algo=aes256, s2k-mode=1'),
             master_key_id = $2, rotated_at = now()
         WHERE k.client_id IN (SELECT client_id FROM data_key WHERE master_key_id <> $2
                               ORDER BY client_id LIMIT $3 FOR UPDATE SKIP LOCKED)`,
        [keyring.current.secret, keyring.current.id, REWRAP_BATCH],
      );
      return result.rowCount ?? 0;
    });
    if (n === 0) return total;
    total += n;
    onBatch?.(total);
  }
}

export type ReadBackReport = { column: string; encrypted: number; readable: number }[];

/**
 * Decrypts every encrypted value with the given keyring only. Throws on a value
 * that cannot be decrypted (a wrong key); counts values whose key was shredded
 * as unreadable.
 */
export async function readBackAll(url: string, keyring: Keyring): Promise<ReadBackReport> {
  return inSystemTransaction(url, keyring, async (client) => {
    const { rows } = await client.query<{ column: string; encrypted: number; readable: number }>(
      `SELECT 'client.phone' AS column, count(c.phone_encrypted)::int AS encrypted,
              count(app_pii_decrypt(c.phone_encrypted, c.client_id))::int AS readable FROM client c
       UNION ALL
       SELECT 'client.alternate_contact', count(c.alternate_contact_encrypted)::int,
              count(app_pii_decrypt(c.alternate_contact_encrypted, c.client_id))::int FROM client c
       UNION ALL
       SELECT 'guest.phone', count(g.phone_encrypted)::int,
              count(app_pii_decrypt(g.phone_encrypted, w.client_id))::int
       FROM guest g JOIN wedding w ON w.wedding_id = g.wedding_id
       UNION ALL
       SELECT 'payment.method', count(p.method_encrypted)::int,
              count(app_pii_decrypt(p.method_encrypted, p.client_id))::int FROM payment p`,
    );
    return rows;
  });
}
