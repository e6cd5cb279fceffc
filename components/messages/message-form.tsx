"use client";

import { useId, useRef } from "react";
import { FormOutcome, useFormAction, type FormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label } from "@/components/ui/input";
import { MAX_MESSAGE } from "@/lib/messages/schema";

// The reply box under a conversation. The hidden fields say which thread
// (the vendor's side) or which wedding and vendor (the planner's side).

export function MessageForm({
  action,
  fields,
  label = "Message",
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  label?: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const { state, pending, onSubmit, errors } = useFormAction(action, () => formRef.current?.reset());
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Write a message" className="space-y-3" noValidate>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <Label htmlFor={`${id}-body`}>{label}</Label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={3}
          maxLength={MAX_MESSAGE}
          className={cx(
            "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
            "aria-invalid:border-red-600",
            focusRing,
          )}
          aria-invalid={errors.body?.length ? true : undefined}
          aria-describedby={`${id}-hint${errors.body?.length ? ` ${id}-error` : ""}`}
        />
        <p id={`${id}-hint`} className="mt-1 text-xs text-ink-muted">
          Plain text, up to {MAX_MESSAGE.toLocaleString("en-GB")} characters.
        </p>
        <FieldError id={`${id}-error`} errors={errors.body} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send message"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}
