"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FieldError, Input, Label } from "@/components/ui/input";
import { ActionOutcome, fieldErrorsOf, type MessageState } from "@/components/guests/action-outcome";
import { eraseClientAction, eraseGuestAction } from "@/lib/gdpr/actions";

type Props =
  | { subject: "guest"; weddingId: number; guestId: number; name: string }
  | { subject: "client"; weddingId: number; clientId: number; name: string };

/** Erasure with a typed confirmation: the person's name, exactly. */
export function EraseForm(props: Props) {
  const action = props.subject === "guest" ? eraseGuestAction : eraseClientAction;
  // On success the action redirects; only refusals come back.
  const [state, run, pending] = useActionState(action, null as MessageState);
  const id = useId();
  const errors = fieldErrorsOf(state).confirmation;
  const who = props.subject === "guest" ? "guest" : "couple";
  return (
    <form action={run} aria-label={`Erase ${props.name}`} className="max-w-md space-y-3">
      <input type="hidden" name="weddingId" value={props.weddingId} />
      {props.subject === "guest" ? (
        <input type="hidden" name="guestId" value={props.guestId} />
      ) : (
        <input type="hidden" name="clientId" value={props.clientId} />
      )}
      <div className="space-y-1">
        <Label htmlFor={`${id}-confirmation`}>
          Type <span className="font-semibold">{props.name}</span> to erase this {who}
        </Label>
        <Input
          id={`${id}-confirmation`}
          name="confirmation"
          autoComplete="off"
          required
          maxLength={300}
          {...describedBy(`${id}-confirmation-error`, errors)}
        />
        <FieldError id={`${id}-confirmation-error`} errors={errors} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending} className="text-red-700 dark:text-red-300">
        {pending ? "Erasing…" : `Erase ${who} permanently`}
      </Button>
      <ActionOutcome state={state} pending={pending} pendingText="Erasing…" />
    </form>
  );
}
