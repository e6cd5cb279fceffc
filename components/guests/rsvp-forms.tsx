"use client";

import { startTransition, useActionState, useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { describedBy, FieldError, Input, Label, Select } from "@/components/ui/input";
import { inviteGuestsAction, removeGuestsFromEventAction, setGuestRsvpAction } from "@/lib/guests/actions";
import type { GuestListEvent, GuestRsvp } from "@/lib/guests/queries";
import { MEAL_CHOICES, RSVP_STATUSES, type TRsvpStatus } from "@/lib/guests/schema";
import { ActionOutcome, fieldErrorsOf, type MessageState } from "./action-outcome";

// A planner answers for a guest (e.g. after a phone call), one event at a
// time, at the version of the RSVP the page showed.

export type RsvpFormProps = {
  weddingId: number;
  guestName: string;
  event: GuestListEvent;
  rsvp: GuestRsvp;
  /** Plus-ones this guest may bring: the household's allowance minus what its other guests bring. */
  maxPlusOnes: number;
};

export function RsvpForm({ weddingId, guestName, event, rsvp, maxPlusOnes }: RsvpFormProps) {
  const [state, run, pending] = useActionState(setGuestRsvpAction, null as MessageState);
  const [status, setStatus] = useState<TRsvpStatus>(rsvp.status);
  const id = useId();
  const errors = fieldErrorsOf(state);
  const accepted = status === "Accepted";

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => run(data));
  }

  return (
    <form onSubmit={onSubmit} aria-label={`${guestName}'s answer for ${event.name}`} className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="rsvpId" value={rsvp.rsvpId} />
      <input type="hidden" name="version" value={rsvp.version} />
      <fieldset {...describedBy(`${id}-status-error`, errors.status)}>
        <legend className="text-sm font-medium text-ink">Answer</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {RSVP_STATUSES.map((option) => (
            <label key={option} className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
              <input
                type="radio"
                name="status"
                value={option}
                checked={status === option}
                onChange={() => setStatus(option)}
                className={cx("size-4 accent-brand-600", focusRing)}
              />
              {option}
            </label>
          ))}
        </div>
        <FieldError id={`${id}-status-error`} errors={errors.status} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {event.offersMeal ? (
          <div>
            <Label htmlFor={`${id}-meal`}>Meal</Label>
            <Select
              id={`${id}-meal`}
              name="mealChoice"
              defaultValue={rsvp.mealChoice ?? ""}
              disabled={!accepted}
              className="mt-1"
              {...describedBy(`${id}-meal-error`, errors.mealChoice)}
            >
              <option value="">Not chosen yet</option>
              {MEAL_CHOICES.map((meal) => (
                <option key={meal} value={meal}>
                  {meal}
                </option>
              ))}
            </Select>
            <FieldError id={`${id}-meal-error`} errors={errors.mealChoice} />
          </div>
        ) : null}
        <div>
          <Label htmlFor={`${id}-plus`}>Plus-ones</Label>
          <Input
            id={`${id}-plus`}
            name="plusOnes"
            type="number"
            inputMode="numeric"
            min={0}
            max={Math.max(0, maxPlusOnes)}
            step={1}
            defaultValue={rsvp.plusOnes}
            disabled={!accepted}
            className="mt-1"
            aria-describedby={errors.plusOnes?.length ? `${id}-plus-error ${id}-plus-hint` : `${id}-plus-hint`}
            aria-invalid={errors.plusOnes?.length ? true : undefined}
          />
          <p id={`${id}-plus-hint`} className="mt-1 text-xs text-ink-muted">
            Up to {Math.max(0, maxPlusOnes)} within the household&apos;s allowance.
          </p>
          <FieldError id={`${id}-plus-error`} errors={errors.plusOnes} />
        </div>
        <div className="sm:col-span-2">
          <Label htmlFor={`${id}-names`}>Plus-one names (optional, one per line)</Label>
          <textarea
            id={`${id}-names`}
            name="plusOneNames"
            rows={2}
            maxLength={2000}
            defaultValue={rsvp.plusOneNames.join("\n")}
            disabled={!accepted}
            className={cx(
              "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
              "aria-invalid:border-red-600 disabled:cursor-not-allowed disabled:opacity-60",
              focusRing,
            )}
            {...describedBy(`${id}-names-error`, errors.plusOneNames)}
          />
          <FieldError id={`${id}-names-error`} errors={errors.plusOneNames} />
        </div>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save answer"}
      </Button>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}

/** Invites one guest to an event, or takes them off it. */
export function InvitationToggle({
  weddingId,
  guestId,
  guestName,
  event,
  invited,
}: {
  weddingId: number;
  guestId: number;
  guestName: string;
  event: GuestListEvent;
  invited: boolean;
}) {
  const [state, run, pending] = useActionState(
    invited ? removeGuestsFromEventAction : inviteGuestsAction,
    null as MessageState,
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (invited && !window.confirm(`Remove ${guestName} from ${event.name}? Their answer for it is deleted.`)) return;
    const data = new FormData(e.currentTarget);
    startTransition(() => run(data));
  }
  return (
    <form
      onSubmit={onSubmit}
      aria-label={`${invited ? "Remove" : "Invite"} ${guestName} ${invited ? "from" : "to"} ${event.name}`}
    >
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="eventId" value={event.id} />
      <input type="hidden" name="guestIds" value={guestId} />
      <Button type="submit" variant={invited ? "ghost" : "secondary"} disabled={pending}>
        {invited ? `Remove from ${event.name}` : `Invite to ${event.name}`}
      </Button>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}
