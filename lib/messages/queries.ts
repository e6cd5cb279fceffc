import "server-only";
import { withIdentity, type Identity, type Tx } from "@/lib/db/with-identity";

// What each side sees of its conversations. A side's unread count is the other
// side's messages numbered above its read marker. Opening a thread moves the
// marker to the last message shown, never further: a message that arrives
// while the page renders stays unread.

export type TSide = "planner" | "vendor";

export type MessageRow = { id: number; seq: number; side: TSide; body: string; sentAt: string };

export type VendorThreadSummary = {
  id: number;
  weddingName: string;
  weddingDate: string;
  messageCount: number;
  unread: number;
  lastMessageAt: string | null;
};

export type PlannerThreadSummary = {
  id: number;
  vendorId: number;
  vendorName: string;
  serviceCategory: string;
  messageCount: number;
  unread: number;
  lastMessageAt: string | null;
};

async function listMessages(tx: Tx, threadId: number): Promise<MessageRow[]> {
  return tx.$queryRaw<MessageRow[]>`
    SELECT message_id AS id, seq, sender_side AS side, body,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "sentAt"
    FROM message WHERE thread_id = ${threadId} ORDER BY seq`;
}

async function markRead(tx: Tx, side: TSide, threadId: number, seq: number): Promise<void> {
  if (seq === 0) return;
  // Only a marker that moves is written: an unchanged one would still bump
  // updated_at and add an audit row on every page view.
  if (side === "vendor") {
    await tx.$executeRaw`UPDATE message_thread SET vendor_read_seq = ${seq}
                         WHERE thread_id = ${threadId} AND vendor_read_seq < ${seq}`;
  } else {
    await tx.$executeRaw`UPDATE message_thread SET planner_read_seq = ${seq}
                         WHERE thread_id = ${threadId} AND planner_read_seq < ${seq}`;
  }
}

// The vendor's side ---------------------------------------------------------------------------

export async function listVendorThreads(identity: Identity): Promise<VendorThreadSummary[]> {
  return withIdentity(
    identity,
    (tx) =>
      tx.$queryRaw<VendorThreadSummary[]>`
      SELECT t.thread_id AS id, w.wedding_name AS "weddingName", w.wedding_date::text AS "weddingDate",
             t.message_count AS "messageCount",
             (SELECT count(*)::int FROM message m
               WHERE m.thread_id = t.thread_id AND m.sender_side = 'planner' AND m.seq > t.vendor_read_seq) AS unread,
             to_char(t.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastMessageAt"
      FROM message_thread t JOIN wedding w ON w.wedding_id = t.wedding_id
      WHERE t.vendor_id = (SELECT app_vendor_id())
      ORDER BY t.last_message_at DESC NULLS LAST, t.thread_id DESC`,
  );
}

/** Messages from planners the vendor has not seen yet, across all threads. */
export async function countVendorUnread(identity: Identity): Promise<number> {
  const [row] = await withIdentity(
    identity,
    (tx) =>
      tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM message m JOIN message_thread t ON t.thread_id = m.thread_id
      WHERE t.vendor_id = (SELECT app_vendor_id()) AND m.sender_side = 'planner' AND m.seq > t.vendor_read_seq`,
  );
  return row?.n ?? 0;
}

export type VendorThread = {
  id: number;
  weddingName: string;
  weddingDate: string;
  messages: MessageRow[];
  /** Unread before this visit, i.e. the planner's messages shown here for the first time. */
  unreadBefore: number;
};

/** One of the vendor's threads, marked read up to its last message; null when it is not theirs. */
export async function openVendorThread(identity: Identity, threadId: number): Promise<VendorThread | null> {
  return withIdentity(identity, async (tx) => {
    const [thread] = await tx.$queryRaw<{ weddingName: string; weddingDate: string; readSeq: number }[]>`
      SELECT w.wedding_name AS "weddingName", w.wedding_date::text AS "weddingDate", t.vendor_read_seq AS "readSeq"
      FROM message_thread t JOIN wedding w ON w.wedding_id = t.wedding_id
      WHERE t.thread_id = ${threadId} AND t.vendor_id = (SELECT app_vendor_id())`;
    if (!thread) return null;
    const messages = await listMessages(tx, threadId);
    await markRead(tx, "vendor", threadId, messages.at(-1)?.seq ?? 0);
    const unreadBefore = messages.filter((m) => m.side === "planner" && m.seq > thread.readSeq).length;
    return { id: threadId, weddingName: thread.weddingName, weddingDate: thread.weddingDate, messages, unreadBefore };
  });
}

// The planner's side --------------------------------------------------------------------------

export async function listWeddingThreads(identity: Identity, weddingId: number): Promise<PlannerThreadSummary[]> {
  return withIdentity(identity, (tx) => listWeddingThreadsIn(tx, weddingId));
}

export async function listWeddingThreadsIn(tx: Tx, weddingId: number): Promise<PlannerThreadSummary[]> {
  return tx.$queryRaw<PlannerThreadSummary[]>`
    SELECT t.thread_id AS id, t.vendor_id AS "vendorId", v.name AS "vendorName",
           v.service_category::text AS "serviceCategory", t.message_count AS "messageCount",
           (SELECT count(*)::int FROM message m
             WHERE m.thread_id = t.thread_id AND m.sender_side = 'vendor' AND m.seq > t.planner_read_seq) AS unread,
           to_char(t.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastMessageAt"
    FROM message_thread t JOIN vendor v ON v.vendor_id = t.vendor_id
    WHERE t.wedding_id = ${weddingId}
    ORDER BY t.last_message_at DESC NULLS LAST, v.name, t.thread_id`;
}

export type PlannerConversation = {
  wedding: { id: number; name: string };
  vendor: { id: number; name: string; serviceCategory: string; active: boolean };
  threadId: number | null;
  messages: MessageRow[];
  unreadBefore: number;
};

/**
 * The planner's conversation with one vendor about one wedding, marked read;
 * empty when they have not written yet. Null when the wedding is not the
 * planner's or the vendor does not exist.
 */
export async function openPlannerConversation(
  identity: Identity,
  weddingId: number,
  vendorId: number,
): Promise<PlannerConversation | null> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({ where: { id: weddingId }, select: { id: true, name: true } });
    if (!wedding) return null;
    const vendor = await tx.vendor.findUnique({
      where: { id: vendorId },
      select: { id: true, name: true, serviceCategory: true, status: true },
    });
    if (!vendor) return null;
    const thread = await tx.messageThread.findUnique({
      where: { weddingId_vendorId: { weddingId, vendorId } },
      select: { id: true, plannerReadSeq: true },
    });
    const messages = thread ? await listMessages(tx, thread.id) : [];
    // An admin looking in does not read for the planner.
    const isPlanner = identity.kind === "user" && identity.role === "planner";
    if (thread && isPlanner) await markRead(tx, "planner", thread.id, messages.at(-1)?.seq ?? 0);
    const readSeq = thread?.plannerReadSeq ?? 0;
    return {
      wedding,
      vendor: {
        id: vendor.id,
        name: vendor.name,
        serviceCategory: vendor.serviceCategory,
        active: vendor.status === "Active",
      },
      threadId: thread?.id ?? null,
      messages,
      unreadBefore: messages.filter((m) => m.side === "vendor" && m.seq > readSeq).length,
    };
  });
}
