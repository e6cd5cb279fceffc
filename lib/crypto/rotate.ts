import fs from "node:fs";
import { defaultKeyFile, generateMasterKey, getKeyring, previousKeyFile, type Keyring } from "./keyring";
import { readBackAll, rewrapDataKeys, type ReadBackReport } from "./maintenance";

type Env = Record<string, string | undefined>;

export type RotationResult = {
  mode: "configured" | "key-file";
  rewrapped: number;
  report: ReadBackReport;
  keyId: string;
};

/**
 * keys:rotate. With ENCRYPTION_KEY[_FILE] set, the operator has already put the
 * new key there and the old one in ENCRYPTION_KEY_PREVIOUS[_FILE] (and deployed
 * the servers with both): this re-wraps every data key under the new one. With
 * the generated key file, it makes the new key itself: the old key is copied to
 * .data/encryption-key.previous first and the new one then renamed into place,
 * so a running server always finds a key file and holds both keys meanwhile
 * (it re-reads changed files). An interrupted rotation resumes. Either way it
 * proves the result by decrypting every value with the new key alone.
 */
export async function rotateMasterKey(url: string, env: Env, root: string): Promise<RotationResult> {
  const configured = Boolean(env.ENCRYPTION_KEY?.trim() || env.ENCRYPTION_KEY_FILE?.trim());
  if (!configured) {
    const current = defaultKeyFile(root);
    const previous = previousKeyFile(root);
    getKeyring(env, root); // creates the key file on a first run
    if (!fs.existsSync(previous)) {
      fs.copyFileSync(current, previous);
      fs.chmodSync(previous, 0o600);
      const next = `${current}.next`;
      fs.writeFileSync(next, `${generateMasterKey()}\n`, { mode: 0o600 });
      fs.renameSync(next, current);
    }
  }
  const keyring = getKeyring(env, root);
  const rewrapped = await rewrapDataKeys(url, keyring);
  const newOnly: Keyring = { current: keyring.current, previous: null };
  const report = await readBackAll(url, newOnly);
  const unreadable = report.filter((r) => r.readable !== r.encrypted);
  if (unreadable.length > 0) {
    throw new Error(
      `Read-back failed under the new key: ${unreadable.map((r) => `${r.column} ${r.readable}/${r.encrypted}`).join(", ")}. ` +
        "The previous key is still needed; keep it.",
    );
  }
  if (!configured) fs.rmSync(previousKeyFile(root), { force: true });
  return { mode: configured ? "configured" : "key-file", rewrapped, report, keyId: keyring.current.id };
}
