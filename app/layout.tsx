import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppNav, type NavUser } from "@/components/app-nav";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { getSessionState } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Wedding Planner", template: "%s · Wedding Planner" },
  description: "Plan weddings: budgets, guests and RSVPs, timelines, vendors and payments.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#171717" },
  ],
};

async function getNavUser(): Promise<NavUser | null> {
  const session = await getSessionState();
  if (session.status === "signed-out") return null;
  return { email: session.user.email, role: session.user.role, signedIn: session.status === "active" };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const navUser = await getNavUser();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a
          href="#main"
          className={cx(
            "sr-only rounded-md bg-surface px-4 py-2 text-sm font-medium text-ink shadow-lg",
            "focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50",
            focusRing,
          )}
        >
          Skip to content
        </a>
        <header className="border-b border-line bg-surface">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
            <Link
              href="/"
              className={cx("rounded-md text-lg font-semibold text-brand-700 dark:text-brand-200", focusRing)}
            >
              Wedding Planner
            </Link>
            <AppNav user={navUser} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
