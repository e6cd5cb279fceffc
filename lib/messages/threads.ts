import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import type { TPlannerMessage, TVendorMessage } from "./schema";

// Posting messages. The database numbers each message under the thread's row
// lock and takes the sender from the identity (a trigger), so neither side can
// post as the other, and row-level security keeps each to their own threads.

type Result = ActionResult<{ message: string }>;

export const THREAD_NOT_FOUND = "This conversation does not exist, or it is not yours.";
export const WEDDING_NOT_FOUND = "This wedding does not exist, or it is not yours to change.";
export const VENDOR_NOT_ACTIVE = "Choose an active vendor from the list.";

/** The thread of a wedding and vendor, created when missing (as the planner). */
export async function ensureThread(tx: Tx, weddingId: number, vendorId: number): Promise<number> {
  const where = { weddingId_vendorId: { weddingId, vendorId } };
  const existing = await tx.messageThread.findUnique({ where, select: { id: true } });
  if (existing) return existing.id;
  const [created] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO message_thread (wedding_id, vendor_id) VALUES (${weddingId}, ${vendorId})
    ON CONFLICT (wedding_id, vendor_id) DO NOTHING RETURNING thread_id AS id`;
  if (created) return created.id;
  // Someone else started it a moment ago.
  const again = await tx.messageThread.findUnique({ where, select: { id: true } });
  if (!again) throw new ActionError(THREAD_NOT_FOUND);
  return again.id;
}

async function insertMessage(tx: Tx, threadId: number, body: string): Promise<void> {
  await tx.$executeRaw`INSERT INTO message (thread_id, body) VALUES (${threadId}, ${body})`;
}

/** A planner writes to a vendor about one wedding; the first message starts the thread. */
export async function postPlannerMessage(identity: UserIdentity, input: TPlannerMessage): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({ where: { id: input.weddingId }, select: { id: true } });
    if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
    const vendor = await tx.vendor.findUnique({ where: { id: input.vendorId }, select: { name: true, status: true } });
    if (!vendor) throw new ActionError(VENDOR_NOT_ACTIVE, { vendorId: [VENDOR_NOT_ACTIVE] });
    const thread = await tx.messageThread.findUnique({
      where: { weddingId_vendorId: { weddingId: input.weddingId, vendorId: input.vendorId } },
      select: { id: true },
    });
    if (!thread && vendor.status !== "Active") {
      throw new ActionError(VENDOR_NOT_ACTIVE, { vendorId: [VENDOR_NOT_ACTIVE] });
    }
    await insertMessage(tx, thread?.id ?? (await ensureThread(tx, input.weddingId, input.vendorId)), input.body);
    return { ok: true as const, message: `Sent to ${vendor.name}.` };
  });
}

/** A vendor replies in a thread a planner started with them. */
export async function postVendorMessage(identity: UserIdentity, input: TVendorMessage): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const thread = await tx.messageThread.findUnique({ where: { id: input.threadId }, select: { id: true } });
    if (!thread) throw new ActionError(THREAD_NOT_FOUND);
    await insertMessage(tx, thread.id, input.body);
    return { ok: true as const, message: "Sent to the planner." };
  });
}
