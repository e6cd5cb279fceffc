import { ensureDatabase } from "@/lib/db/server";
import { deliverQueued } from "@/lib/outbox/deliver";
import { MAX_ATTEMPTS } from "@/lib/outbox/schema";
import { unsafeOpenSystemDatabase, type SystemDatabase } from "@/lib/outbox/system";
import { createSmtpTransport, getMailSettings } from "@/lib/outbox/transport";
import { assertMigratedOrFail, fail, runMain } from "./cli";

// npm run outbox:send [-- --limit N]: sends the oldest queued messages of
// every wedding with nodemailer (SMTP_URL, MAIL_FROM). Run it from cron, say
// once a minute. A message that fails goes back to the queue for the next
// run, up to MAX_ATTEMPTS times. Without SMTP_URL it sends nothing and says so.

const DEFAULT_LIMIT = 100;
const USAGE = "Usage: npm run outbox:send [-- --limit N]   (N from 1 to 10000, default 100)";

function parseArgs(argv: string[]): { limit: number } {
  let limit = DEFAULT_LIMIT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === "--limit" ? argv[++i] : arg.startsWith("--limit=") ? arg.slice(8) : undefined;
    if (value === undefined) fail(`Unexpected argument "${arg}". ${USAGE}`);
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 10_000) fail(`Bad --limit. ${USAGE}`);
    limit = Number(value);
  }
  return { limit };
}

async function countQueued(system: SystemDatabase): Promise<number> {
  return system.run(async (tx) => {
    const rows = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM outbox WHERE status = 'queued' AND attempts < ${MAX_ATTEMPTS}`;
    return rows[0]?.n ?? 0;
  });
}

async function main(argv: string[]) {
  const { limit } = parseArgs(argv);
  const settings = getMailSettings();
  if (settings.kind === "invalid") fail(`${settings.reason} Nothing was sent.`);

  const db = await ensureDatabase({ log: (line) => console.error(line) });
  // Unsafe on purpose: this job acts for nobody and sends every wedding's
  // queued messages; it only moves them through their statuses.
  const system = unsafeOpenSystemDatabase(db.ownerUrl);
  try {
    await assertMigratedOrFail(db.ownerUrl, "outbox-send");

    if (settings.kind === "off") {
      const queued = await countQueued(system);
      console.log(`Sending is off: set SMTP_URL. ${queued} queued message(s) wait in the outbox.`);
      return;
    }

    const transport = createSmtpTransport(settings.url);
    try {
      const report = await deliverQueued(system.run, {
        transport,
        from: settings.from,
        limit,
        secrets: settings.secrets,
      });
      const left = await countQueued(system);
      console.log(
        `Outbox: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed, ` +
          `${report.skipped} skipped, ${left} still queued.`,
      );
      if (report.stoppedBy) {
        fail(`Stopped early: the mail server failed (${report.stoppedBy}). The rest stay queued for the next run.`);
      }
    } finally {
      transport.close();
    }
  } finally {
    await system.close();
    await db.stop();
  }
}

runMain(import.meta.url, main);
