import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription } from "@/components/ui/card";
import { safeNextPath } from "@/lib/auth/schema";
import { getSessionState } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const session = await getSessionState();
  if (session.status === "active") redirect(next);
  if (session.status === "mfa-pending") redirect(`/sign-in/mfa?next=${encodeURIComponent(next)}`);
  if (session.status === "mfa-enrollment") redirect("/account/mfa");

  return (
    <div className="mx-auto max-w-sm space-y-4">
      {params["signed-out"] === "1" ? <Alert tone="success">You are signed out.</Alert> : null}
      <Card>
        <h1 className="text-base font-semibold text-ink">Sign in</h1>
        <CardDescription>Use the email address and password of your account.</CardDescription>
        <div className="mt-6">
          <SignInForm next={next} />
        </div>
      </Card>
    </div>
  );
}
