"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

const links = [
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/jobs", label: "Jobs" },
  { href: "/admin/revenue", label: "Revenue" },
  { href: "/admin/health", label: "Database health" },
] as const;

export function AdminNav() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Admin">
      <ul className="flex flex-wrap gap-1 border-b border-line">
        {links.map((link) => {
          const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "-mb-px inline-flex min-h-10 items-center border-b-2 px-3 text-sm font-medium",
                  focusRing,
                  current ? "border-brand-600 text-ink" : "border-transparent text-ink-muted hover:text-ink",
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
