import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MessageForm } from "@/components/messages/message-form";
import { MessageList } from "@/components/messages/message-list";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/date";
import { postVendorMessageAction } from "@/lib/messages/actions";
import { openVendorThread } from "@/lib/messages/queries";
import { parseRouteId } from "@/lib/proposals/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Conversation" };

type Props = { params: Promise<{ threadId: string }> };

// Opening the conversation marks the planner's messages shown here as read.
export default async function VendorThreadPage({ params }: Props) {
  const raw = (await params).threadId;
  const identity = await requireIdentity(["vendor"], `/vendor/messages/${encodeURIComponent(raw)}`);
  const threadId = parseRouteId(raw);
  if (threadId === null) notFound();
  const thread = await openVendorThread(identity, threadId);
  if (!thread) notFound();
  return (
    <div className="space-y-6">
      <Link
        href="/vendor/messages"
        className={cx("inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink", focusRing)}
      >
        <span aria-hidden="true">←&nbsp;</span>All conversations
      </Link>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{thread.weddingName}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Wedding on {formatDate(thread.weddingDate)} · your conversation with its planner
        </p>
      </div>
      <MessageList messages={thread.messages} viewer="vendor" otherName="Planner" unreadBefore={thread.unreadBefore} />
      <MessageForm action={postVendorMessageAction} fields={{ threadId: thread.id }} label="Reply to the planner" />
    </div>
  );
}
