import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { requiresMfa } from "@/lib/auth/config";
import { requireSessionUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

const linkClass = "mt-4 inline-block text-sm font-medium text-brand-700 underline dark:text-brand-200";

export default async function AccountPage() {
  const { user } = await requireSessionUser(["active"], "/account");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Account</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Signed in as {user.email} ({user.role}).
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardTitle>Password</CardTitle>
          <CardDescription>Changing it signs out every other session of your account.</CardDescription>
          <Link href="/account/password" className={linkClass}>
            Change password
          </Link>
        </Card>
        <Card>
          <CardTitle>
            Two-factor authentication{" "}
            <Badge tone={user.mfaEnrolled ? "success" : "neutral"}>{user.mfaEnrolled ? "On" : "Off"}</Badge>
          </CardTitle>
          <CardDescription>
            {requiresMfa(user.role)
              ? "Required for your role: a code from your authenticator app at every sign-in."
              : "Optional: a code from your authenticator app at every sign-in, on top of your password."}
          </CardDescription>
          <Link href="/account/mfa" className={linkClass}>
            {user.mfaEnrolled ? "Manage two-factor authentication" : "Set up two-factor authentication"}
          </Link>
        </Card>
      </div>
    </div>
  );
}
