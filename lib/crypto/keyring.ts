import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "@/lib/db/config";

// The master keys that wrap every client's data key (envelope encryption).
// ENCRYPTION_KEY or ENCRYPTION_KEY_FILE wins; without either (the embedded
// database, the tests) one is generated on first use into .data/encryption-key,
// readable only by its owner. During a rotation the previous key is loaded too
// (ENCRYPTION_KEY_PREVIOUS[_FILE], or .data/encryption-key.previous), so data
// keys still wrapped under it stay readable until keys:rotate has re-wrapped
// them. Key files are re-read when they change, so a running server follows a
// rotation without a restart. The keys never leave this process except as bound
// parameters of set_config (see withIdentity).

export type MasterKey = { id: string; secret: string };
export type Keyring = { current: MasterKey; previous: MasterKey | null };
type Env = Record<string, string | undefined>;

export const MIN_KEY_LENGTH = 32;

export function defaultKeyFile(root = projectRoot()): string {
  return path.join(root, ".data", "encryption-key");
}

export function previousKeyFile(root = projectRoot()): string {
  return `${defaultKeyFile(root)}.previous`;
}

/** Public and stable: the first 16 hex digits of the key's SHA-256. Stored beside each wrapped data key. */
export function masterKeyId(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16);
}

export function generateMasterKey(): string {
  return randomBytes(32).toString("base64url");
}

export function toMasterKey(secret: string, source: string): MasterKey {
  const trimmed = secret.trim();
  if (trimmed.length < MIN_KEY_LENGTH) {
    // Never echo the value.
    throw new Error(`${source} must hold at least ${MIN_KEY_LENGTH} characters, e.g. from: openssl rand -base64 32`);
  }
  return { id: masterKeyId(trimmed), secret: trimmed };
}

const fileCache = new Map<string, { mtimeMs: number; size: number; key: MasterKey }>();

function readKeyFile(file: string, source: string): MasterKey {
  const stat = fs.statSync(file);
  const cached = fileCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.key;
  const key = toMasterKey(fs.readFileSync(file, "utf8"), source);
  fileCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, key });
  return key;
}

/** Creates the key file unless it exists; two processes starting together agree on one key. */
export function ensureKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${generateMasterKey()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

export function getKeyring(env: Env = process.env, root = projectRoot()): Keyring {
  let current: MasterKey;
  if (env.ENCRYPTION_KEY?.trim()) current = toMasterKey(env.ENCRYPTION_KEY, "ENCRYPTION_KEY");
  else if (env.ENCRYPTION_KEY_FILE?.trim())
    current = readKeyFile(env.ENCRYPTION_KEY_FILE.trim(), "ENCRYPTION_KEY_FILE");
  else {
    const file = defaultKeyFile(root);
    // Every identity transaction comes here: try to create the file only when it is missing.
    if (!fs.existsSync(file)) ensureKeyFile(file);
    current = readKeyFile(file, file);
  }

  let previous: MasterKey | null = null;
  if (env.ENCRYPTION_KEY_PREVIOUS?.trim())
    previous = toMasterKey(env.ENCRYPTION_KEY_PREVIOUS, "ENCRYPTION_KEY_PREVIOUS");
  else if (env.ENCRYPTION_KEY_PREVIOUS_FILE?.trim()) {
    previous = readKeyFile(env.ENCRYPTION_KEY_PREVIOUS_FILE.trim(), "ENCRYPTION_KEY_PREVIOUS_FILE");
  } else if (!env.ENCRYPTION_KEY?.trim() && !env.ENCRYPTION_KEY_FILE?.trim() && fs.existsSync(previousKeyFile(root))) {
    previous = readKeyFile(previousKeyFile(root), previousKeyFile(root));
  }
  if (previous?.id === current.id) previous = null;
  return { current, previous };
}

/** The four settings withIdentity passes to set_config, as bound parameters. */
export function keyringSettings(keyring: Keyring | null) {
  return {
    key: keyring?.current.secret ?? "",
    keyId: keyring?.current.id ?? "",
    previousKey: keyring?.previous?.secret ?? "",
    previousKeyId: keyring?.previous?.id ?? "",
  };
}
