import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { deliverQueued, type DeliveryReport, type RunTransaction } from "./deliver";
import { createSmtpTransport, getMailSettings, type MailSettings, type MailTransport } from "./transport";

// Sending from the web app, right after a planner queued messages: as that
// planner, so row-level security limits it to their own wedding's outbox. No
// system-wide access ever happens in a request.

export type DeliveryOutcome =
  { kind: "off" } | { kind: "invalid"; reason: string } | { kind: "done"; report: DeliveryReport };

/** At most this many messages go out while the person waits; the rest wait for `npm run outbox:send`. */
export const IN_REQUEST_LIMIT = 100;

export function runAs(identity: Identity): RunTransaction {
  return (fn) => withIdentity(identity, fn);
}

export async function deliverAs(
  identity: Identity,
  scope: { weddingId: number; messageIds: readonly number[] },
  options: { settings?: MailSettings; transport?: MailTransport } = {},
): Promise<DeliveryOutcome> {
  const settings = options.settings ?? getMailSettings();
  if (settings.kind !== "on") return settings;
  const send = (transport: MailTransport) =>
    deliverQueued(runAs(identity), {
      transport,
      from: settings.from,
      limit: Math.min(scope.messageIds.length, IN_REQUEST_LIMIT),
      weddingId: scope.weddingId,
      messageIds: scope.messageIds,
      secrets: settings.secrets,
    });
  if (options.transport) return { kind: "done", report: await send(options.transport) };
  const smtp = createSmtpTransport(settings.url);
  try {
    return { kind: "done", report: await send(smtp) };
  } finally {
    smtp.close();
  }
}
