import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MessageForm } from "@/components/messages/message-form";
import { MessageList } from "@/components/messages/message-list";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { postPlannerMessageAction } from "@/lib/messages/actions";
import { openPlannerConversation } from "@/lib/messages/queries";
import { parseRouteId } from "@/lib/proposals/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Conversation" };

type Props = { params: Promise<{ id: string; vendorId: string }> };

// The planner's conversation with one vendor about this wedding. Opening it
// marks the vendor's messages shown here as read.
export default async function PlannerConversationPage({ params }: Props) {
  const raw = await params;
  const identity = await requireIdentity(
    ["planner", "admin"],
    `/weddings/${encodeURIComponent(raw.id)}/vendors/${encodeURIComponent(raw.vendorId)}`,
  );
  const weddingId = parseRouteId(raw.id);
  const vendorId = parseRouteId(raw.vendorId);
  if (weddingId === null || vendorId === null) notFound();
  const conversation = await openPlannerConversation(identity, weddingId, vendorId);
  if (!conversation) notFound();
  const { vendor } = conversation;
  const canWrite = identity.role === "planner" && (conversation.threadId !== null || vendor.active);
  return (
    <div className="space-y-6">
      <Link
        href={`/weddings/${weddingId}/vendors`}
        className={cx("inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink", focusRing)}
      >
        <span aria-hidden="true">←&nbsp;</span>All vendors of this wedding
      </Link>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{vendor.name}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {vendor.serviceCategory} · your conversation about {conversation.wedding.name}
          {vendor.active ? "" : " · this vendor is not active"}
        </p>
      </div>
      <MessageList
        messages={conversation.messages}
        viewer="planner"
        otherName={vendor.name}
        unreadBefore={conversation.unreadBefore}
      />
      {canWrite ? (
        <MessageForm
          action={postPlannerMessageAction}
          fields={{ weddingId, vendorId }}
          label={`Message to ${vendor.name}`}
        />
      ) : null}
    </div>
  );
}
