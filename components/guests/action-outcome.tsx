import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/actions/action";

export type MessageState = ActionResult<{ message: string }> | null;

/** A form's outcome, announced politely; a refusal as an alert. Field errors show next to their fields. */
export function ActionOutcome({
  state,
  pending,
  pendingText = "Saving…",
}: {
  state: MessageState;
  pending?: boolean;
  pendingText?: string;
}) {
  return (
    <div aria-live="polite">
      {pending ? <p className="text-sm text-ink-muted">{pendingText}</p> : null}
      {!pending && state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {!pending && state && !state.ok ? (
        <Alert tone="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
    </div>
  );
}

/** The field errors of a refused action (none when it succeeded). */
export function fieldErrorsOf(state: MessageState | ActionResult<unknown> | null): Record<string, string[]> {
  return state && !state.ok ? (state.fieldErrors ?? {}) : {};
}
