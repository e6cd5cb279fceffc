import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { WeddingTabs } from "@/components/weddings/wedding-tabs";
import { parseWeddingId } from "@/lib/weddings/cockpit-schema";

// Every wedding page under one sub-navigation. No database read here: each
// page loads (and authorises) its own data, and answers 404 for a wedding the
// person cannot see.

type Props = { children: ReactNode; params: Promise<{ id: string }> };

export default async function WeddingLayout({ children, params }: Props) {
  const weddingId = parseWeddingId((await params).id);
  if (weddingId === null) notFound();
  return (
    <div className="space-y-6">
      <div className="space-y-3 print:hidden">
        <Link
          href="/weddings"
          className={cx("inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink", focusRing)}
        >
          <span aria-hidden="true">←&nbsp;</span>All weddings
        </Link>
        <WeddingTabs weddingId={weddingId} />
      </div>
      {children}
    </div>
  );
}
