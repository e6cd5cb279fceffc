import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/date";
import { formatDateTime } from "@/lib/format/date-time";
import { listVendorThreads } from "@/lib/messages/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Messages" };

export default async function VendorMessagesPage() {
  const identity = await requireIdentity(["vendor"], "/vendor/messages");
  const threads = await listVendorThreads(identity);
  const unread = threads.reduce((sum, thread) => sum + thread.unread, 0);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">
          Messages{" "}
          <span className="text-base font-normal text-ink-muted" data-testid="unread-count">
            ({unread} unread)
          </span>
        </h1>
        <p className="mt-1 text-sm text-ink-muted">One conversation per wedding with its planner.</p>
      </div>
      {threads.length === 0 ? (
        <EmptyState
          title="No conversations yet"
          description="A planner starts the conversation about a wedding; you can reply here."
        />
      ) : (
        <ul className="divide-y divide-line rounded-lg border border-line bg-surface" aria-label="Conversations">
          {threads.map((thread) => (
            <li key={thread.id}>
              <Link
                href={`/vendor/messages/${thread.id}`}
                className={cx(
                  "flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-surface-muted",
                  focusRing,
                )}
              >
                <span>
                  <span className="font-medium text-ink">{thread.weddingName}</span>
                  <span className="block text-sm text-ink-muted">
                    {formatDate(thread.weddingDate)} · {thread.messageCount} message
                    {thread.messageCount === 1 ? "" : "s"}
                    {thread.lastMessageAt ? ` · last ${formatDateTime(thread.lastMessageAt)}` : ""}
                  </span>
                </span>
                {thread.unread > 0 ? <Badge tone="brand">{thread.unread} unread</Badge> : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
