"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, describedBy } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { changePasswordAction } from "@/lib/auth/actions";

const fields = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password", hint: null },
  { name: "newPassword", label: "New password", autoComplete: "new-password", hint: "At least 12 characters." },
  { name: "confirmPassword", label: "Confirm new password", autoComplete: "new-password", hint: null },
] as const;

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(changePasswordAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      {state?.ok ? (
        <Alert tone="success">Your password was changed. Every other session of your account was signed out.</Alert>
      ) : null}
      {state && !state.ok && !fieldErrors ? (
        <Alert tone="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
      {fields.map((field) => {
        const errors = fieldErrors?.[field.name];
        const hintId = field.hint ? `${field.name}-hint` : undefined;
        const described = describedBy(`${field.name}-error`, errors);
        return (
          <div key={field.name} className="space-y-1">
            <Label htmlFor={field.name}>{field.label}</Label>
            <Input
              id={field.name}
              name={field.name}
              type="password"
              autoComplete={field.autoComplete}
              required
              maxLength={256}
              {...described}
              aria-describedby={[described["aria-describedby"], hintId].filter(Boolean).join(" ") || undefined}
            />
            {field.hint ? (
              <p id={hintId} className="text-sm text-ink-muted">
                {field.hint}
              </p>
            ) : null}
            <FieldError id={`${field.name}-error`} errors={errors} />
          </div>
        );
      })}
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
