"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

export type NavUser = {
  email: string;
  role: "admin" | "planner" | "vendor";
  /** False while sign-in is part-way (MFA step or enrollment): only signing out makes sense then. */
  signedIn: boolean;
};

type NavLink = { href: string; label: string };

function linksFor(user: NavUser): NavLink[] {
  if (!user.signedIn) return [];
  const links: NavLink[] = [
    user.role === "vendor" ? { href: "/vendor", label: "Vendor portal" } : { href: "/weddings", label: "Weddings" },
  ];
  if (user.role !== "vendor") links.push({ href: "/vendors", label: "Vendors" });
  if (user.role === "admin") links.push({ href: "/admin/audit", label: "Admin" });
  links.push({ href: "/account", label: "Account" });
  return links;
}

function isCurrent(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function AppNav({ user }: { user: NavUser | null }) {
  const pathname = usePathname() ?? "/";
  if (!user) return null;
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap items-center gap-1">
        {linksFor(user).map((link) => {
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
        <li className="px-3 text-sm text-ink-muted">
          <span className="sr-only">Signed in as </span>
          {user.email}
        </li>
        <li>
          <SignOutButton variant="ghost" />
        </li>
      </ul>
    </nav>
  );
}
