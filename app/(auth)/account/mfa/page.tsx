import type { Metadata } from "next";
import { MfaSettings } from "@/components/auth/mfa-settings";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription } from "@/components/ui/card";
import { requiresMfa } from "@/lib/auth/config";
import { requireSessionUser } from "@/lib/auth/guards";
import { countUnusedRecoveryCodes, createMfaEnrollment } from "@/lib/auth/mfa";

export const metadata: Metadata = { title: "Two-factor authentication" };
export const dynamic = "force-dynamic";

export default async function MfaPage() {
  const { status, user } = await requireSessionUser(["active", "mfa-enrollment"], "/account/mfa");
  const enrollment = user.mfaEnrolled ? null : await createMfaEnrollment(user);
  const unusedRecoveryCodes = user.mfaEnrolled ? await countUnusedRecoveryCodes(user) : 0;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      {status === "mfa-enrollment" ? (
        <Alert tone="warning">
          Your role requires two-factor authentication. Set it up to continue: nothing else opens until you do.
        </Alert>
      ) : null}
      <Card>
        <h1 className="text-base font-semibold text-ink">Two-factor authentication</h1>
        <CardDescription>
          {requiresMfa(user.role)
            ? "Every sign-in asks for your password and a code from your authenticator app."
            : "Optional for planners: every sign-in asks for a code from your authenticator app too."}
        </CardDescription>
        <div className="mt-6">
          <MfaSettings
            enabled={user.mfaEnrolled}
            required={requiresMfa(user.role)}
            unusedRecoveryCodes={unusedRecoveryCodes}
            enrollment={enrollment}
          />
        </div>
      </Card>
    </div>
  );
}
