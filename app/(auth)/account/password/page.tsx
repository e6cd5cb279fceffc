import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { Card, CardDescription } from "@/components/ui/card";
import { requireSessionUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Change password" };
export const dynamic = "force-dynamic";

export default async function ChangePasswordPage() {
  await requireSessionUser(["active"], "/account/password");
  return (
    <div className="mx-auto max-w-lg">
      <Card>
        <h1 className="text-base font-semibold text-ink">Change password</h1>
        <CardDescription>
          Your other sessions (other browsers and devices) are signed out; this one stays signed in.
        </CardDescription>
        <div className="mt-6">
          <ChangePasswordForm />
        </div>
      </Card>
    </div>
  );
}
