import { rotateMasterKey } from "@/lib/crypto/rotate";
import { projectRoot } from "@/lib/db/config";
import { ensureDatabase } from "@/lib/db/server";
import { assertMigratedOrFail, fail, runMain } from "./cli";
import { printTable } from "./demo";

// npm run keys:rotate: re-wraps every client's data key under a new master key
// while the app keeps running, then decrypts everything with the new key alone.
// See README, "Encryption keys".

async function main(argv: string[]) {
  if (argv.length > 0) fail(`Unexpected argument "${argv[0]}". Usage: npm run keys:rotate`);
  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    await assertMigratedOrFail(db.ownerUrl, "keys-rotate");
    const result = await rotateMasterKey(db.ownerUrl, process.env, projectRoot());
    console.log(`Re-wrapped ${result.rewrapped} data key(s) under master key ${result.keyId}.`);
    console.log("Read back with the new key alone:");
    printTable([
      ["column", "encrypted", "readable"],
      ...result.report.map((r) => [r.column, String(r.encrypted), String(r.readable)]),
    ]);
    if (result.mode === "configured") {
      console.log("\nEvery data key is under the new key: ENCRYPTION_KEY_PREVIOUS[_FILE] can now be removed.");
    } else {
      console.log("\nThe new key is in .data/encryption-key; the previous one was deleted.");
    }
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
