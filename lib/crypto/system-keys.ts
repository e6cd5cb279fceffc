import { getKeyring, keyringSettings, type Keyring } from "./keyring";

type Executor = { $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => Promise<number> };

/**
 * Loads the master keys into a transaction that acts for no person (the seed,
 * keys:rotate, the legacy-data encryption at start). Bound parameters only.
 */
export async function loadMasterKeys(tx: Executor, keyring: Keyring | null = getKeyring()): Promise<void> {
  const keys = keyringSettings(keyring);
  await tx.$executeRaw`SELECT set_config('app.master_key', ${keys.key}, true),
                              set_config('app.master_key_id', ${keys.keyId}, true),
                              set_config('app.master_key_prev', ${keys.previousKey}, true),
                              set_config('app.master_key_prev_id', ${keys.previousKeyId}, true)`;
}
