"use client";

import { startTransition, useActionState, type ComponentProps, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { cx } from "@/components/ui/cx";
import { FieldError, Input, Label } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";

// Pieces the budget and events forms share: a labelled field with its error,
// the outcome of a submission, and a one-button form for quick actions
// (approve, cancel, revoke...).

export type FormState = ActionResult<{ message: string }> | null;
export type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

export function fieldErrorsOf(state: FormState): Record<string, string[]> {
  return state && !state.ok ? (state.fieldErrors ?? {}) : {};
}

/** A labelled input with its hint and error, tied together for screen readers. */
export function TextField({
  id,
  name,
  label,
  errors,
  hint,
  className,
  ...props
}: {
  id: string;
  name: string;
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
} & Omit<ComponentProps<"input">, "id" | "name">) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [errors?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={name}
        className="mt-1"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={described || undefined}
        {...props}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

/** The result of the last submission, announced politely (errors assertively). */
export function FormOutcome({ state, className }: { state: FormState; className?: string }) {
  return (
    <div aria-live="polite" className={className}>
      {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state && !state.ok ? (
        <Alert tone="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
    </div>
  );
}

/**
 * Submits by hand, so a refused form keeps what was typed (React resets a
 * form after its action otherwise). `onSuccess` runs once the server said yes.
 */
export function useFormAction(action: FormAction, onSuccess?: () => void) {
  const [state, run, pending] = useActionState(async (previous: FormState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result?.ok) onSuccess?.();
    return result;
  }, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  return { state, pending, onSubmit, errors: fieldErrorsOf(state) };
}

/** A form of hidden fields and one button, optionally confirmed first; the outcome shows below it. */
export function QuickActionForm({
  action,
  fields,
  label,
  confirm,
  children,
  className,
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  /** The form's accessible name, e.g. "Approve Flowers deposit". */
  label: string;
  confirm?: string;
  children: ReactNode;
  className?: string;
}) {
  const [state, run, pending] = useActionState(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (confirm && !window.confirm(confirm)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  const text = state
    ? state.ok
      ? state.message
      : [state.error, ...Object.values(state.fieldErrors ?? {}).flat()].join(" ")
    : null;
  return (
    <form onSubmit={onSubmit} aria-label={label} aria-busy={pending} className={className}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset disabled={pending} className="contents">
        {children}
      </fieldset>
      <p
        role="status"
        className={cx(
          "text-sm empty:hidden",
          state?.ok ? "text-emerald-800 dark:text-emerald-200" : "text-red-700 dark:text-red-300",
        )}
      >
        {pending ? <span className="text-ink-muted">Saving…</span> : text}
      </p>
    </form>
  );
}
