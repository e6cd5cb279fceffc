import type pg from "pg";
import { getKeyring, keyringSettings } from "@/lib/crypto/keyring";

// Tests read encrypted columns back as the owner, with the master keys loaded
// the way the app loads them (bound parameters, transaction-local).

/** A guest's phone in the clear; alias the guest table `g`. */
export const GUEST_PHONE =
  "app_pii_decrypt(g.phone_encrypted, (SELECT w.client_id FROM wedding w WHERE w.wedding_id = g.wedding_id))";

export async function queryDecrypted<T extends Record<string, unknown>>(
  pool: pg.Pool,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const keys = keyringSettings(getKeyring());
    await client.query("SELECT set_config('app.master_key', $1, true), set_config('app.master_key_id', $2, true)", [
      keys.key,
      keys.keyId,
    ]);
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}
