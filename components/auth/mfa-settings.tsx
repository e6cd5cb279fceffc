"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { FieldError, Input, Label, describedBy } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { confirmMfaEnrollmentAction, disableMfaAction } from "@/lib/auth/actions";

export type MfaEnrollmentView = { secret: string; signature: string; qrCodeDataUrl: string };

type Props = {
  enabled: boolean;
  required: boolean;
  unusedRecoveryCodes: number;
  /** Present when MFA is off: a fresh secret to scan. */
  enrollment: MfaEnrollmentView | null;
};

// One component for every state of the page, so that the recovery codes,
// which exist only in this form's result, stay on screen when the page
// re-renders with MFA turned on.
export function MfaSettings({ enabled, required, unusedRecoveryCodes, enrollment }: Props) {
  const [enrolled, enroll, enrolling] = useActionState<ActionResult<{ recoveryCodes: string[] }> | null, FormData>(
    confirmMfaEnrollmentAction,
    null,
  );
  const [disabled, disable, disabling] = useActionState<ActionResult | null, FormData>(disableMfaAction, null);

  if (enrolled?.ok) return <RecoveryCodes codes={enrolled.recoveryCodes} />;

  if (enabled) {
    const passwordErrors = disabled && !disabled.ok ? disabled.fieldErrors?.password : undefined;
    return (
      <div className="space-y-4">
        <Alert tone="success">Two-factor authentication is on.</Alert>
        <p className="text-sm text-ink-muted">
          {unusedRecoveryCodes === 1 ? "1 recovery code is" : `${unusedRecoveryCodes} recovery codes are`} left.
        </p>
        {required ? (
          <p className="text-sm text-ink-muted">Your role requires it, so it cannot be turned off.</p>
        ) : (
          <form action={disable} className="space-y-3" noValidate>
            <h2 className="text-base font-semibold text-ink">Turn off two-factor authentication</h2>
            {disabled && !disabled.ok && !passwordErrors ? (
              <Alert tone="danger" role="alert">
                {disabled.error}
              </Alert>
            ) : null}
            <div className="space-y-1">
              <Label htmlFor="disable-password">Password</Label>
              <Input
                id="disable-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                maxLength={256}
                {...describedBy("disable-password-error", passwordErrors)}
              />
              <FieldError id="disable-password-error" errors={passwordErrors} />
            </div>
            <Button type="submit" variant="secondary" disabled={disabling}>
              {disabling ? "Turning off…" : "Turn off"}
            </Button>
          </form>
        )}
      </div>
    );
  }

  if (disabled?.ok) return <Alert tone="success">Two-factor authentication is off.</Alert>;
  if (!enrollment) return null;

  const codeErrors = enrolled && !enrolled.ok ? enrolled.fieldErrors?.code : undefined;
  return (
    <div className="space-y-6">
      <ol className="list-decimal space-y-2 pl-5 text-sm text-ink">
        <li>Open an authenticator app (such as Google Authenticator, 1Password or Aegis) and add an account.</li>
        <li>Scan the QR code, or type the setup key.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <div className="flex flex-wrap items-start gap-6">
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated data URL, nothing to optimise */}
        <img
          src={enrollment.qrCodeDataUrl}
          alt="QR code for your authenticator app. If you cannot scan it, type the setup key instead."
          width={192}
          height={192}
          className="rounded-md border border-line bg-white p-2"
        />
        <div className="space-y-1">
          <p className="text-sm font-medium text-ink" id="setup-key-label">
            Setup key
          </p>
          <p
            aria-labelledby="setup-key-label"
            data-testid="mfa-secret"
            className="font-mono text-sm break-all text-ink select-all"
          >
            {enrollment.secret}
          </p>
        </div>
      </div>
      <form action={enroll} className="max-w-sm space-y-3" noValidate>
        {enrolled && !enrolled.ok && !codeErrors ? (
          <Alert tone="danger" role="alert">
            {enrolled.error}
          </Alert>
        ) : null}
        <input type="hidden" name="secret" value={enrollment.secret} />
        <input type="hidden" name="signature" value={enrollment.signature} />
        <div className="space-y-1">
          <Label htmlFor="enroll-code">Code from your app</Label>
          <Input
            id="enroll-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            maxLength={64}
            {...describedBy("enroll-code-error", codeErrors)}
          />
          <FieldError id="enroll-code-error" errors={codeErrors} />
        </div>
        <Button type="submit" disabled={enrolling}>
          {enrolling ? "Checking…" : "Turn on two-factor authentication"}
        </Button>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-4">
      <Alert tone="success">Two-factor authentication is on.</Alert>
      <h2 className="text-base font-semibold text-ink">Your recovery codes</h2>
      <p className="text-sm text-ink">
        Each code signs you in once if you lose your authenticator app. Save them somewhere safe now: they are shown
        only this once.
      </p>
      <ul aria-label="Recovery codes" className="grid max-w-sm grid-cols-2 gap-2 font-mono text-sm text-ink">
        {codes.map((code) => (
          <li key={code} className="rounded-md border border-line bg-surface-muted px-3 py-2 text-center">
            {code}
          </li>
        ))}
      </ul>
      {/* A full load, not <Link>: the root layout's header must show the completed sign-in. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/" className={buttonClasses("primary")}>
        I have saved my recovery codes
      </a>
    </div>
  );
}
