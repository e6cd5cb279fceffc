import type { Metadata } from "next";
import Link from "next/link";
import { MfaChallengeForm } from "@/components/auth/mfa-challenge-form";
import { Card, CardDescription } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth/guards";
import { safeNextPath } from "@/lib/auth/schema";

export const metadata: Metadata = { title: "Two-factor authentication" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MfaChallengePage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  await requireSessionUser(["mfa-pending"], next);
  return (
    <div className="mx-auto max-w-sm">
      <Card>
        <h1 className="text-base font-semibold text-ink">Two-factor authentication</h1>
        <CardDescription>Your password was correct. Now enter a code to finish signing in.</CardDescription>
        <div className="mt-6">
          <MfaChallengeForm next={next} />
        </div>
        <p className="mt-4 text-sm text-ink-muted">
          Not you, or no code at hand?{" "}
          <Link href="/sign-out" className="font-medium text-brand-700 underline dark:text-brand-200">
            Sign out
          </Link>
        </p>
      </Card>
    </div>
  );
}
