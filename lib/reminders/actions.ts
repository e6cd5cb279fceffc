"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { getRequestLogger } from "@/lib/log/request";
import { deliverAs, type DeliveryOutcome } from "@/lib/outbox/deliver-as";
import { resolveAppOrigin } from "@/lib/rsvp/qr";
import { remindNonResponders } from "./remind-non-responders";
import { ZRemindNonRespondersSchema } from "./schema";

// The outbox page's "Remind non-responders" button. Queueing is one
// transaction; when SMTP_URL is set the new messages are then sent at once,
// as the same planner, so only their own wedding's outbox is ever touched.

async function linkOrigin(): Promise<string> {
  if (process.env.APP_URL?.trim()) return resolveAppOrigin("http://localhost");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return resolveAppOrigin(`${proto}://${host}`);
}

export const remindNonRespondersAction = userAction(
  ["planner", "admin"],
  ZRemindNonRespondersSchema,
  async (input, identity) => {
    const reminded = await remindNonResponders(identity, input, await linkOrigin());
    revalidatePath(`/weddings/${input.weddingId}/outbox`);
    let delivery: Delivery;
    try {
      delivery = await deliverAs(identity, { weddingId: input.weddingId, messageIds: reminded.messageIds });
    } catch (error) {
      // The reminders are queued (that transaction committed); only sending them now failed.
      (await getRequestLogger()).error({ err: error }, "sending reminders right after queueing them failed");
      delivery = { kind: "error" };
    }
    return {
      ok: true as const,
      message: `${reminded.message} ${describeDelivery(delivery, reminded.queued)}`.trim(),
      queued: reminded.queued,
      skippedNoEmail: reminded.skippedNoEmail,
      skippedRecent: reminded.skippedRecent,
      delivery,
    };
  },
);

type Delivery = DeliveryOutcome | { kind: "error" };

function describeDelivery(delivery: Delivery, queued: number): string {
  if (queued === 0) return "";
  if (delivery.kind === "off") return "Sending is off: set SMTP_URL. They wait in the outbox until then.";
  if (delivery.kind === "invalid") return `Not sent: ${delivery.reason} They wait in the outbox until then.`;
  if (delivery.kind === "error") return "They could not be sent just now and wait in the outbox.";
  const { sent, retrying, failed, skipped, deferred, claimed } = delivery.report;
  const parts = [`Sent ${sent}.`];
  if (retrying + failed > 0) parts.push(`${retrying + failed} could not be sent (see Last error).`);
  if (skipped > 0) parts.push(`${skipped} no longer needed.`);
  const waiting = queued - claimed + deferred;
  if (waiting > 0) parts.push(`${waiting} wait in the outbox for the next \`npm run outbox:send\`.`);
  return parts.join(" ");
}
