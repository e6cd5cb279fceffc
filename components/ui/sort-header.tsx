import Link from "next/link";
import type { ReactNode } from "react";
import { cx } from "./cx";
import { focusRing } from "./focus-ring";

// A sortable column's header: a link to the same list sorted by this column.
// The <th> carries aria-sort; the link says what activating it does.

export type SortDirection = "asc" | "desc";

export function ariaSort(current: false | SortDirection): "ascending" | "descending" | "none" {
  if (current === "asc") return "ascending";
  if (current === "desc") return "descending";
  return "none";
}

export function SortHeaderLink({
  children,
  href,
  current,
  next,
}: {
  children: ReactNode;
  href: string;
  current: false | SortDirection;
  next: SortDirection;
}) {
  const arrow = current === "asc" ? "▲" : current === "desc" ? "▼" : "↕";
  return (
    <Link
      href={href}
      scroll={false}
      className={cx("inline-flex items-center gap-1 rounded-sm uppercase hover:text-ink", focusRing)}
    >
      {children}
      <span aria-hidden="true" className={current ? "text-ink" : "opacity-50"}>
        {arrow}
      </span>
      <span className="sr-only">, sort {next === "asc" ? "ascending" : "descending"}</span>
    </Link>
  );
}
