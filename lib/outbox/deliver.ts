import type { Prisma } from "@/lib/generated/prisma/client";
import { MAX_ATTEMPTS } from "./schema";
import { describeSendError, type MailTransport } from "./transport";

// Sends queued messages. Claiming is one short transaction: FOR UPDATE SKIP
// LOCKED lets several senders run at once without ever taking the same
// message, and each claimed row leaves "queued" before the claim commits.
// Sending happens outside any transaction; each result is recorded in a short
// transaction of its own. Who runs this decides which rows it can see: a
// planner (their weddings, through row-level security) or the sending script.

export type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

/** Runs `fn` in one transaction with an identity already set. */
export type RunTransaction = <T>(fn: (tx: SqlClient) => Promise<T>) => Promise<T>;

export type DeliverOptions = {
  transport: MailTransport;
  from: string;
  /** At most this many messages are claimed. */
  limit: number;
  /** Only this wedding's messages. */
  weddingId?: number;
  /** Only these messages. */
  messageIds?: readonly number[];
  /** Values to mask in last_error (the SMTP credentials). */
  secrets?: readonly string[];
};

export type DeliveryReport = {
  /** Messages taken from the queue by this run. */
  claimed: number;
  sent: number;
  /** Failed this time; queued again for a later run. */
  retrying: number;
  /** Failed for the last time (MAX_ATTEMPTS). */
  failed: number;
  /** No longer wanted: the guest answered or the event was cancelled. */
  skipped: number;
  /** Not tried: the mail server itself failed, so the rest went back to the queue untouched. */
  deferred: number;
  /** Set when the run stopped early at a mail server error: that error, as recorded. */
  stoppedBy?: string;
};

/**
 * Errors of the mail server or the connection to it, not of one message: once
 * one happens, trying the other messages would only fail the same way (after
 * a timeout each), so they go back to the queue for a later run.
 */
const SERVER_ERRORS = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EAUTH", "EPROTOCOL"]);

function isServerError(error: unknown): boolean {
  const code = error && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && SERVER_ERRORS.has(code);
}

/** A message left in "sending" this long was claimed by a run that died; it is claimed again. */
export const STALE_SENDING_SECONDS = 15 * 60;

export const SKIPPED_REASON =
  "Not sent: the guest has answered, the event was cancelled, or the guest withdrew their consent.";

type Claimed = { id: number; to: string; subject: string; body: string; send: boolean };

export async function deliverQueued(run: RunTransaction, options: DeliverOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0, deferred: 0 };
  if (options.limit < 1 || options.messageIds?.length === 0) return report;

  const claimed = (await run((tx) => claim(tx, options))).sort((a, b) => a.id - b.id);
  report.claimed = claimed.length;
  for (const [index, message] of claimed.entries()) {
    if (!message.send) {
      report.skipped++;
      continue;
    }
    try {
      await options.transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
      });
    } catch (error) {
      const description = describeSendError(error, options.secrets);
      const outcome = await run((tx) => recordFailure(tx, message.id, description));
      if (outcome === "failed") report.failed++;
      else report.retrying++;
      if (isServerError(error)) {
        const untried = claimed
          .slice(index + 1)
          .filter((later) => later.send)
          .map((later) => later.id);
        report.skipped += claimed.slice(index + 1).filter((later) => !later.send).length;
        if (untried.length) await run((tx) => release(tx, untried));
        report.deferred = untried.length;
        report.stoppedBy = description;
        return report;
      }
      continue;
    }
    await run(
      (tx) => tx.$executeRaw`
      UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL
      WHERE message_id = ${message.id} AND status = 'sending'`,
    );
    report.sent++;
  }
  return report;
}

async function claim(tx: SqlClient, options: DeliverOptions): Promise<Claimed[]> {
  const weddingId = options.weddingId ?? null;
  const ids = options.messageIds ? [...options.messageIds] : null;
  // A run that died mid-send leaves rows in "sending"; past the last attempt they are given up on.
  await tx.$executeRaw`
    UPDATE outbox SET status = 'failed',
      last_error = coalesce(last_error, 'No result from the mail server after ' || attempts || ' attempts.')
    WHERE status = 'sending' AND updated_at < now() - make_interval(secs => ${STALE_SENDING_SECONDS})
      AND attempts >= ${MAX_ATTEMPTS}
      AND (${weddingId}::int IS NULL OR wedding_id = ${weddingId}::int)
      AND (${ids}::int[] IS NULL OR message_id = ANY (${ids}::int[]))`;
  // A reminder is only still wanted while the guest's answer is Pending and the event goes ahead.
  return tx.$queryRaw<Claimed[]>`
    WITH picked AS (
      SELECT o.message_id,
             -- Optional mail only while the guest still agrees to its purpose.
             (o.purpose IS NULL OR app_has_consent(o.guest_id, o.purpose)) AND
             (o.kind <> 'rsvp_reminder' OR EXISTS (
               SELECT 1 FROM event_rsvp r JOIN event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id
               WHERE r.event_id = o.event_id AND r.guest_id = o.guest_id
                 AND r.status = 'Pending' AND e.status NOT IN ('Cancelled', 'Completed'))) AS wanted
      FROM outbox o
      WHERE (o.status = 'queued'
             OR (o.status = 'sending' AND o.updated_at < now() - make_interval(secs => ${STALE_SENDING_SECONDS})))
        AND o.attempts < ${MAX_ATTEMPTS}
        AND (${weddingId}::int IS NULL OR o.wedding_id = ${weddingId}::int)
        AND (${ids}::int[] IS NULL OR o.message_id = ANY (${ids}::int[]))
      ORDER BY o.created_at, o.message_id
      LIMIT ${options.limit}
      FOR UPDATE OF o SKIP LOCKED
    )
    UPDATE outbox o
    SET status = CASE WHEN p.wanted THEN 'sending' ELSE 'skipped' END,
        attempts = o.attempts + CASE WHEN p.wanted THEN 1 ELSE 0 END,
        last_error = CASE WHEN p.wanted THEN o.last_error ELSE ${SKIPPED_REASON} END
    FROM picked p
    WHERE o.message_id = p.message_id
    RETURNING o.message_id AS id, o.to_address AS "to", o.subject, o.body, p.wanted AS send`;
}

/** Puts claimed messages that were never tried back in the queue, as if they had not been claimed. */
async function release(tx: SqlClient, ids: number[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE outbox SET status = 'queued', attempts = attempts - 1
    WHERE message_id = ANY (${ids}::int[]) AND status = 'sending'`;
}

async function recordFailure(tx: SqlClient, messageId: number, error: string): Promise<"failed" | "retrying"> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    UPDATE outbox
    SET status = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'queued' END,
        last_error = left('Attempt ' || attempts || ': ' || ${error}, 1000)
    WHERE message_id = ${messageId} AND status = 'sending'
    RETURNING status`;
  return rows[0]?.status === "failed" ? "failed" : "retrying";
}
