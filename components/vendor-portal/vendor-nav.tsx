"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

// The vendor portal's sub-navigation. It scrolls sideways on a phone rather
// than wrapping into a block of links.

export const VENDOR_SECTIONS = [
  { href: "/vendor", label: "Bookings" },
  { href: "/vendor/proposals", label: "Proposals" },
  { href: "/vendor/messages", label: "Messages" },
  { href: "/vendor/profile", label: "Profile" },
] as const;

/** The section an address belongs to: its own page or any page below it; the bookings only on /vendor itself. */
export function isCurrentVendorSection(pathname: string, href: string): boolean {
  if (href === "/vendor") return pathname === "/vendor";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function VendorNav() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Vendor portal" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-line">
        {VENDOR_SECTIONS.map(({ href, label }) => {
          const current = isCurrentVendorSection(pathname, href);
          return (
            <li key={href}>
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
