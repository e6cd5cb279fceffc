import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-xl font-semibold text-ink">Page not found</h1>
      <p className="mt-2 text-sm text-ink-muted">This page does not exist, or it has moved.</p>
      <Link href="/" className={buttonClasses("primary", "mt-6")}>
        Back to weddings
      </Link>
    </div>
  );
}
