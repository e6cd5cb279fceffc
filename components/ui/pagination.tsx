import Link from "next/link";
import { cx } from "./cx";
import { focusRing } from "./focus-ring";

// Page links for a server-paginated table. They are plain links, so the page
// is in the address (bookmarkable) and works without JavaScript.

export type PaginationProps = {
  label: string;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
};

const linkClasses = cx(
  "inline-flex min-h-10 items-center rounded-md border border-line bg-surface px-3 text-sm font-medium text-ink hover:bg-surface-muted",
  focusRing,
);
const disabledClasses =
  "inline-flex min-h-10 items-center rounded-md border border-line px-3 text-sm text-ink-muted opacity-60";

function PageLink({ href, label, enabled, rel }: { href: string; label: string; enabled: boolean; rel?: string }) {
  if (!enabled) {
    return (
      <span aria-disabled="true" className={disabledClasses}>
        {label}
      </span>
    );
  }
  return (
    <Link href={href} rel={rel} className={linkClasses}>
      {label}
    </Link>
  );
}

export function Pagination({ label, page, pageCount, hrefFor }: PaginationProps) {
  const hasPrevious = page > 1;
  const hasNext = page < pageCount;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-ink-muted" aria-live="polite">
        Page {page} of {pageCount}
      </p>
      <div className="flex flex-wrap gap-2">
        <PageLink href={hrefFor(1)} label="First" enabled={hasPrevious} />
        <PageLink href={hrefFor(page - 1)} label="Previous" enabled={hasPrevious} rel="prev" />
        <PageLink href={hrefFor(page + 1)} label="Next" enabled={hasNext} rel="next" />
        <PageLink href={hrefFor(pageCount)} label="Last" enabled={hasNext} />
      </div>
    </nav>
  );
}
