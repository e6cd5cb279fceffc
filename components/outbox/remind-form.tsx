"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, FieldError, Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { remindNonRespondersAction } from "@/lib/reminders/actions";

// "Remind non-responders": pick an event, queue one email per guest who has
// not answered it. Each option says how many guests that would reach.

export type RemindEventOption = {
  id: number;
  label: string;
  pending: number;
  pendingWithEmail: number;
};

type State = ActionResult<{ message: string; queued: number; skippedNoEmail: number; skippedRecent: number }> | null;

export type RemindFormProps = {
  weddingId: number;
  events: RemindEventOption[];
  /** The event to start with (from ?event=); else the first one with someone to remind. */
  selectedEventId?: number;
};

export function RemindForm({ weddingId, events, selectedEventId }: RemindFormProps) {
  const [state, action, pending] = useActionState(remindNonRespondersAction, null as State);
  const initial =
    events.find((event) => event.id === selectedEventId) ??
    events.find((event) => event.pendingWithEmail > 0) ??
    events[0];
  const [eventId, setEventId] = useState(initial ? String(initial.id) : "");
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  // Submitting by hand keeps the chosen event: a form action would reset the form to its first render.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  }

  if (events.length === 0) {
    return <p className="text-sm text-ink-muted">Add an event to this wedding first: reminders are about one event.</p>;
  }

  return (
    <form onSubmit={onSubmit} aria-label="Remind non-responders" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div className="max-w-xl">
        <Label htmlFor="remind-event">Event</Label>
        <Select
          id="remind-event"
          name="eventId"
          value={eventId}
          onChange={(event) => setEventId(event.target.value)}
          className="mt-1"
          {...describedBy("remind-event-error", errors.eventId)}
        >
          {events.map((event) => (
            <option key={event.id} value={event.id}>
              {event.label} — {event.pending} pending, {event.pendingWithEmail} with email
            </option>
          ))}
        </Select>
        <FieldError id="remind-event-error" errors={errors.eventId} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Queueing reminders…" : "Remind non-responders"}
        </Button>
      </div>
      {state?.ok ? (
        <Alert tone="success" data-testid="remind-result">
          {state.message}
        </Alert>
      ) : null}
      {state && !state.ok && !errors.eventId ? (
        <Alert tone="danger" role="alert">
          {state.error}
        </Alert>
      ) : null}
    </form>
  );
}
