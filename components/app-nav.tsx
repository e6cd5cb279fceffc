"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

const links = [
  { href: "/", label: "Weddings" },
  { href: "/vendors", label: "Vendors" },
  { href: "/admin/audit", label: "Admin" },
] as const;

function isCurrent(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function AppNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap items-center gap-1">
        {links.map((link) => {
          const current = isCurrent(pathname, link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium transition-colors",
                  focusRing,
                  current
                    ? "bg-brand-50 text-brand-800 dark:bg-brand-900/40 dark:text-brand-100"
                    : "text-ink-muted hover:bg-surface-muted hover:text-ink",
                )}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
