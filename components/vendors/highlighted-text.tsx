import { splitHighlight } from "@/lib/vendors/highlight";

/** A search headline with its matches in <mark>: React text only, never HTML from the database. */
export function HighlightedText({ text }: { text: string }) {
  return (
    <>
      {splitHighlight(text).map((segment, index) =>
        segment.match ? (
          <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-ink dark:bg-amber-700/60">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
