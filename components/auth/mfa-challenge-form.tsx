"use client";

import { useActionState, useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, describedBy } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { verifyMfaAction } from "@/lib/auth/actions";

export function MfaChallengeForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<ActionResult<{ next: string }> | null, FormData>(
    verifyMfaAction,
    null,
  );

  useEffect(() => {
    // A full load, so the header and every server component see the completed sign-in.
    if (state?.ok) window.location.assign(state.next);
  }, [state]);

  const errors = state && !state.ok ? state.fieldErrors?.code : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state && !state.ok && !errors ? (
        <Alert tone="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="next" value={next} />
      <div className="space-y-1">
        <Label htmlFor="code">Authentication code</Label>
        <Input
          id="code"
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={64}
          autoFocus
          {...describedBy("code-error", errors)}
        />
        <p className="text-sm text-ink-muted">
          The 6-digit code from your authenticator app, or one of your recovery codes.
        </p>
        <FieldError id="code-error" errors={errors} />
      </div>
      <Button type="submit" className="w-full" disabled={pending || state?.ok === true}>
        {pending || state?.ok ? "Checking…" : "Verify"}
      </Button>
    </form>
  );
}
