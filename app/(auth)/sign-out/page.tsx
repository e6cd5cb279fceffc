import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Card, CardDescription } from "@/components/ui/card";
import { getSessionState } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign out" };
export const dynamic = "force-dynamic";

export default async function SignOutPage() {
  const session = await getSessionState();
  return (
    <div className="mx-auto max-w-sm">
      <Card>
        <h1 className="text-base font-semibold text-ink">Sign out</h1>
        {session.status === "signed-out" ? (
          <>
            <CardDescription>You are not signed in.</CardDescription>
            <Link href="/sign-in" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
              Sign in
            </Link>
          </>
        ) : (
          <>
            <CardDescription>Sign out of {session.user.email} on this device?</CardDescription>
            <SignOutButton className="mt-6 w-full" />
          </>
        )}
      </Card>
    </div>
  );
}
