import path from "node:path";
import pg from "pg";
import { verifyAuditChain } from "@/lib/audit/verify";
import { ensureDatabase } from "@/lib/db/server";
import { assertMigrated, DatabaseNotMigratedError } from "@/lib/seed/assert-migrated";
import { fail, runMain } from "./cli";

// npm run audit:verify: recomputes every audit row's hash and the chain that
// links them. Exit code 0 when the trail is intact, 1 at the first break.

const PROGRESS_EVERY = 100_000;

async function main(argv: string[]) {
  if (argv.length > 0) fail(`Unexpected argument "${argv[0]}". Usage: npm run audit:verify`);

  const db = await ensureDatabase({ log: (line) => console.error(line) });
  try {
    const client = new pg.Client({ connectionString: db.ownerUrl, application_name: "audit-verify" });
    await client.connect();
    try {
      await assertMigrated(client, path.resolve("prisma/migrations")).catch((error: unknown) => {
        if (error instanceof DatabaseNotMigratedError) fail(error.message);
        throw error;
      });
      let reported = 0;
      const result = await verifyAuditChain(client, {
        onProgress: (rows) => {
          if (rows - reported < PROGRESS_EVERY) return;
          reported = rows;
          console.error(`Checked ${rows} rows…`);
        },
      });
      if (result.firstBroken) {
        fail(`Audit chain BROKEN at log_id ${result.firstBroken.logId}: ${result.firstBroken.reason}`);
      }
      console.log(`Audit chain verified: ${result.rows} rows.`);
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
}

runMain(import.meta.url, main);
