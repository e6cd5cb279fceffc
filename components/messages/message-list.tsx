import { cx } from "@/components/ui/cx";
import { formatDateTime } from "@/lib/format/date-time";
import type { MessageRow, TSide } from "@/lib/messages/queries";

// A conversation, oldest first. Bodies are plain text rendered as text (React
// escapes them), with their line breaks kept.

export function MessageList({
  messages,
  viewer,
  otherName,
  unreadBefore,
}: {
  messages: MessageRow[];
  viewer: TSide;
  otherName: string;
  /** How many of the last messages are new to the viewer: they get a "New" marker. */
  unreadBefore: number;
}) {
  if (messages.length === 0) {
    return <p className="text-sm text-ink-muted">No messages yet.</p>;
  }
  const firstNew = messages.filter((m) => m.side !== viewer).at(-unreadBefore)?.seq;
  return (
    <ol className="space-y-3" aria-label="Messages">
      {messages.map((message) => {
        const mine = message.side === viewer;
        const isNew = unreadBefore > 0 && !mine && firstNew !== undefined && message.seq >= firstNew;
        return (
          <li key={message.id} className={cx("flex", mine ? "justify-end" : "justify-start")}>
            <article
              className={cx(
                "max-w-[85%] rounded-lg border px-3 py-2 text-sm",
                mine
                  ? "border-brand-200 bg-brand-50 dark:border-brand-800 dark:bg-brand-900/40"
                  : "border-line bg-surface",
              )}
            >
              <header className="mb-1 flex flex-wrap items-baseline gap-2 text-xs text-ink-muted">
                <span className="font-medium text-ink">{mine ? "You" : otherName}</span>
                <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
                {isNew ? <span className="font-semibold text-brand-700 dark:text-brand-200">New</span> : null}
              </header>
              <p className="break-words whitespace-pre-wrap text-ink">{message.body}</p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
