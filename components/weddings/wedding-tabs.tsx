"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

// The sub-navigation every wedding page shares. It scrolls sideways on a
// phone rather than wrapping into a block of links.

export const WEDDING_SECTIONS = [
  { segment: "", label: "Overview" },
  { segment: "guests", label: "Guests" },
  { segment: "budget", label: "Budget" },
  { segment: "events", label: "Events" },
  { segment: "bookings", label: "Bookings" },
  { segment: "vendors", label: "Vendors" },
  { segment: "outbox", label: "Outbox" },
  { segment: "qr-sheet", label: "QR codes" },
] as const;

export function weddingSectionHref(weddingId: number, segment: string): string {
  return segment ? `/weddings/${weddingId}/${segment}` : `/weddings/${weddingId}`;
}

/** The section an address belongs to: its own page or any page below it; the overview only on itself. */
export function isCurrentSection(pathname: string, href: string, segment: string): boolean {
  if (!segment) return pathname === href;
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function WeddingTabs({ weddingId }: { weddingId: number }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Wedding sections" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0 print:hidden">
      <ul className="flex min-w-max gap-1 border-b border-line">
        {WEDDING_SECTIONS.map(({ segment, label }) => {
          const href = weddingSectionHref(weddingId, segment);
          const current = isCurrentSection(pathname, href, segment);
          return (
            <li key={label}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "-mb-px inline-flex min-h-11 items-center rounded-t-md border-b-2 px-3 text-sm font-medium",
                  focusRing,
                  current
                    ? "border-brand-600 text-brand-800 dark:text-brand-100"
                    : "border-transparent text-ink-muted hover:border-line hover:text-ink",
                )}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
