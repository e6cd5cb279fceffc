"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { CONSENT_PURPOSES, CONSENT_TEXT_VERSION, CONSENT_TEXTS, type ConsentState } from "@/lib/consent/texts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import type { ActionResult } from "@/lib/actions/action";
import type { Invitation, InvitationEvent } from "@/lib/rsvp/answers";
import { saveRsvp } from "@/lib/rsvp/actions";
import { formatDate } from "@/lib/format/date";
import { MAX_DIETARY, MAX_PLUS_ONE_NAME, MEAL_CHOICES } from "@/lib/rsvp/schema";
import { AnswersSummary } from "./answers-summary";

type State = ActionResult<{ savedAt: string }> | null;
type FieldErrors = Record<string, string[]>;

const inputClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {errors.join(" ")}
    </p>
  );
}

/** The household's answers: accept or decline, meals, plus-ones and dietary needs. */
export function RsvpForm({
  token,
  invitation,
  consents,
}: {
  token: string;
  invitation: Invitation;
  consents: ConsentState;
}) {
  const [state, formAction, pending] = useActionState<State, FormData>(saveRsvp, null);
  const messageRef = useRef<HTMLDivElement>(null);
  const fieldErrors: FieldErrors = (state && !state.ok && state.fieldErrors) || {};

  useEffect(() => {
    if (state) messageRef.current?.focus();
  }, [state]);

  // Dispatch by hand so React does not reset the form: after an error the
  // guest keeps what they typed. After a save the form remounts (its key is
  // the reply time) with the saved answers as defaults.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }

  return (
    <div className="space-y-6">
      {state?.ok ? (
        <div
          ref={messageRef}
          tabIndex={-1}
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 focus:outline-none sm:p-6 dark:border-emerald-800 dark:bg-emerald-950"
        >
          <h2 className="text-base font-semibold text-emerald-900 dark:text-emerald-100">
            Thank you! Your answers are saved.
          </h2>
          <p className="mt-1 mb-4 text-sm text-emerald-900 dark:text-emerald-100">
            Here is what we have. You can change it below until replies close.
          </p>
          <AnswersSummary invitation={invitation} />
        </div>
      ) : null}

      {state && !state.ok ? (
        <div
          ref={messageRef}
          tabIndex={-1}
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 focus:outline-none dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">{state.error}</p>
          {fieldErrors._form ? <p className="mt-1">{fieldErrors._form.join(" ")}</p> : null}
        </div>
      ) : null}

      <form
        key={invitation.lastRespondedAt ?? "unanswered"}
        action={formAction}
        onSubmit={onSubmit}
        noValidate
        className="space-y-6"
      >
        <input type="hidden" name="token" value={token} />

        <fieldset className="rounded-lg border border-line bg-surface p-4 shadow-sm sm:p-6">
          <legend className="px-1 text-base font-semibold text-ink">Your party</legend>
          <p className="text-sm text-ink-muted">Tell us about allergies or diets, so the kitchen can plan.</p>
          <div className="mt-4 space-y-4">
            {invitation.guests.map((guest) => {
              const name = `dietary:${guest.id}`;
              const errorId = `rsvp-dietary-${guest.id}-error`;
              return (
                <div key={guest.id}>
                  <label htmlFor={`rsvp-dietary-${guest.id}`} className="block text-sm font-medium text-ink">
                    Dietary needs for {guest.fullName}
                  </label>
                  <input
                    id={`rsvp-dietary-${guest.id}`}
                    name={name}
                    type="text"
                    maxLength={MAX_DIETARY}
                    defaultValue={guest.dietaryPreference ?? ""}
                    placeholder="e.g. gluten-free, nut allergy"
                    autoComplete="off"
                    aria-invalid={fieldErrors[name] ? true : undefined}
                    aria-describedby={fieldErrors[name] ? errorId : undefined}
                    className={inputClasses}
                  />
                  <ErrorText id={errorId} errors={fieldErrors[name]} />
                </div>
              );
            })}
          </div>
        </fieldset>

        {invitation.events.map((event) => (
          <EventFieldset key={event.id} event={event} invitation={invitation} fieldErrors={fieldErrors} />
        ))}

        <ConsentFieldset consents={consents} />

        <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-ink-muted">
            {invitation.rsvpDeadline
              ? `You can change your answers until ${formatDate(invitation.rsvpDeadline)}.`
              : "You can change your answers until the wedding day."}
          </p>
          <Button type="submit" disabled={pending} className="w-full sm:w-auto">
            {pending ? "Saving…" : "Save answers"}
          </Button>
        </div>
      </form>
    </div>
  );
}

function EventFieldset({
  event,
  invitation,
  fieldErrors,
}: {
  event: InvitationEvent;
  invitation: Invitation;
  fieldErrors: FieldErrors;
}) {
  const names = new Map(invitation.guests.map((guest) => [guest.id, guest.fullName]));
  const allowance = invitation.plusOneAllowance;
  const savedPlusOnes = event.answers.flatMap((a) => a.plusOneNames);
  const plusOneKey = `plusOne:${event.id}`;
  return (
    <fieldset className="rounded-lg border border-line bg-surface p-4 shadow-sm sm:p-6">
      <legend className="px-1 text-base font-semibold text-ink">{event.name}</legend>
      <p className="text-sm text-ink-muted">
        <time dateTime={event.date}>{formatDate(event.date)}</time>, {event.startTime}–{event.endTime}
        {event.location ? ` · ${event.location}` : null}
      </p>

      <div className="mt-4 space-y-5">
        {event.answers.map((answer) => {
          const guest = names.get(answer.guestId) ?? "Guest";
          const statusKey = `status:${answer.guestId}:${event.id}`;
          const mealKey = `meal:${answer.guestId}:${event.id}`;
          const base = `rsvp-${answer.guestId}-${event.id}`;
          return (
            <fieldset
              key={answer.rsvpId}
              aria-describedby={fieldErrors[statusKey] ? `${base}-status-error` : undefined}
              className="border-t border-line pt-4 first:border-t-0 first:pt-0"
            >
              <legend className="text-sm font-medium text-ink">{guest}</legend>
              <div className="mt-2 grid grid-cols-2 gap-2">
                {(["Accepted", "Declined"] as const).map((value) => (
                  <label
                    key={value}
                    className={cx(
                      "flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-line px-3 text-sm text-ink",
                      "has-checked:border-brand-600 has-checked:bg-brand-50 dark:has-checked:bg-brand-900/40",
                      "has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-brand-600",
                    )}
                  >
                    <input
                      type="radio"
                      name={statusKey}
                      value={value}
                      defaultChecked={answer.status === value}
                      className="size-4 accent-brand-600 focus:outline-none"
                    />
                    {value === "Accepted" ? "Accept" : "Decline"}
                  </label>
                ))}
              </div>
              <ErrorText id={`${base}-status-error`} errors={fieldErrors[statusKey]} />

              {event.offersMeal ? (
                <div className="mt-3">
                  <label htmlFor={`${base}-meal`} className="block text-sm text-ink">
                    Meal for {guest} <span className="text-ink-muted">(if attending)</span>
                  </label>
                  <select
                    id={`${base}-meal`}
                    name={mealKey}
                    defaultValue={MEAL_CHOICES.find((meal) => meal === answer.mealChoice) ?? ""}
                    aria-invalid={fieldErrors[mealKey] ? true : undefined}
                    aria-describedby={fieldErrors[mealKey] ? `${base}-meal-error` : undefined}
                    className={inputClasses}
                  >
                    <option value="">Choose a meal</option>
                    {MEAL_CHOICES.map((meal) => (
                      <option key={meal} value={meal}>
                        {meal}
                      </option>
                    ))}
                  </select>
                  <ErrorText id={`${base}-meal-error`} errors={fieldErrors[mealKey]} />
                </div>
              ) : null}
            </fieldset>
          );
        })}

        {allowance > 0 ? (
          <fieldset
            aria-describedby={fieldErrors[plusOneKey] ? `rsvp-plus-one-${event.id}-error` : undefined}
            className="border-t border-line pt-4"
          >
            <legend className="text-sm font-medium text-ink">
              Plus-ones <span className="font-normal text-ink-muted">(up to {allowance}, if your party attends)</span>
            </legend>
            <div className="mt-2 space-y-2">
              {Array.from({ length: allowance }, (_, index) => (
                <div key={index}>
                  <label htmlFor={`rsvp-plus-one-${event.id}-${index}`} className="sr-only">
                    Plus-one {index + 1} name for {event.name}
                  </label>
                  <input
                    id={`rsvp-plus-one-${event.id}-${index}`}
                    name={plusOneKey}
                    type="text"
                    maxLength={MAX_PLUS_ONE_NAME}
                    defaultValue={savedPlusOnes[index] ?? ""}
                    placeholder={`Plus-one ${index + 1} name`}
                    autoComplete="off"
                    aria-invalid={fieldErrors[plusOneKey] ? true : undefined}
                    className={inputClasses}
                  />
                </div>
              ))}
            </div>
            <ErrorText id={`rsvp-plus-one-${event.id}-error`} errors={fieldErrors[plusOneKey]} />
          </fieldset>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Opt-in only: every box starts unticked until the guest ticks it, and saving records each change with its wording. */
function ConsentFieldset({ consents }: { consents: ConsentState }) {
  return (
    <fieldset className="rounded-lg border border-line bg-surface p-4 shadow-sm sm:p-6">
      <legend className="px-1 text-base font-semibold text-ink">Your choices</legend>
      <p className="text-sm text-ink-muted">
        Optional, and only for you: each guest decides with their own link. You can change these at any time.
      </p>
      <input type="hidden" name="consentVersion" value={CONSENT_TEXT_VERSION} />
      <div className="mt-4 space-y-3">
        {CONSENT_PURPOSES.map((purpose) => (
          <div key={purpose} className="flex items-start gap-3">
            <input
              id={`consent-${purpose}`}
              name={`consent:${purpose}`}
              type="checkbox"
              value="yes"
              defaultChecked={consents[purpose].granted}
              className="mt-1 size-4 rounded border-line"
            />
            <label htmlFor={`consent-${purpose}`} className="text-sm text-ink">
              <span className="font-medium">{CONSENT_TEXTS[purpose].label}:</span> {CONSENT_TEXTS[purpose].text}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
