"use client";

import { useId, useRef, useState } from "react";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import { cancelEventAction, createEventAction, reinstateEventAction, updateEventAction } from "@/lib/events/actions";
import type { EventRow } from "@/lib/events/queries";
import {
  EDITABLE_EVENT_STATUSES,
  endsNextDay,
  EVENT_TYPES,
  MAX_EVENT_NAME,
  MAX_LOCATION,
  MAX_NOTES,
  MAX_REGION,
} from "@/lib/events/schema";

const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);

type Defaults = Partial<Pick<EventRow, "name" | "eventType" | "region" | "date" | "startTime" | "endTime">> & {
  location?: string | null;
  notes?: string | null;
};

/** Says, as the times are typed, when an event will end the next day. */
function useNextDayHint(start?: string, end?: string) {
  const [times, setTimes] = useState({ start: start ?? "", end: end ?? "" });
  const nextDay = times.start !== "" && times.end !== "" && endsNextDay(times.start, times.end);
  return {
    nextDay,
    onStart: (value: string) => setTimes((t) => ({ ...t, start: value })),
    onEnd: (value: string) => setTimes((t) => ({ ...t, end: value })),
  };
}

function EventFields({
  idPrefix,
  defaults,
  errors,
}: {
  idPrefix: string;
  defaults: Defaults;
  errors: Record<string, string[]>;
}) {
  const hint = useNextDayHint(defaults.startTime, defaults.endTime);
  const notesId = `${idPrefix}-notes`;
  const typeId = `${idPrefix}-type`;
  return (
    <>
      <TextField
        id={`${idPrefix}-name`}
        name="name"
        label="Name"
        defaultValue={defaults.name}
        errors={errors.name}
        maxLength={MAX_EVENT_NAME}
        required
        autoComplete="off"
      />
      <div>
        <Label htmlFor={typeId}>Type</Label>
        <Select
          id={typeId}
          name="eventType"
          defaultValue={defaults.eventType ?? "Ceremony"}
          className="mt-1"
          aria-invalid={errors.eventType?.length ? true : undefined}
          aria-describedby={errors.eventType?.length ? `${typeId}-error` : undefined}
        >
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </Select>
        <FieldError id={`${typeId}-error`} errors={errors.eventType} />
      </div>
      <TextField
        id={`${idPrefix}-date`}
        name="eventDate"
        label="Date"
        type="date"
        defaultValue={defaults.date}
        errors={errors.eventDate}
        required
      />
      <TextField
        id={`${idPrefix}-region`}
        name="region"
        label="Region"
        defaultValue={defaults.region}
        errors={errors.region}
        maxLength={MAX_REGION}
        required
      />
      <TextField
        id={`${idPrefix}-start`}
        name="startTime"
        label="Starts"
        type="time"
        defaultValue={defaults.startTime}
        errors={errors.startTime}
        onChange={(event) => hint.onStart(event.target.value)}
        required
      />
      <TextField
        id={`${idPrefix}-end`}
        name="endTime"
        label="Ends"
        type="time"
        defaultValue={defaults.endTime}
        errors={errors.endTime}
        onChange={(event) => hint.onEnd(event.target.value)}
        required
        hint={
          <span aria-live="polite">
            {hint.nextDay ? "Ends the next day (after midnight)." : "An end before the start means the next day."}
          </span>
        }
      />
      <TextField
        id={`${idPrefix}-location`}
        name="location"
        label="Location (optional)"
        defaultValue={defaults.location ?? ""}
        errors={errors.location}
        maxLength={MAX_LOCATION}
        className="sm:col-span-2"
      />
      <div className="sm:col-span-2">
        <Label htmlFor={notesId}>Run-of-show note (optional)</Label>
        <textarea
          id={notesId}
          name="notes"
          rows={4}
          maxLength={MAX_NOTES}
          defaultValue={defaults.notes ?? ""}
          className={textareaClasses}
          aria-invalid={errors.notes?.length ? true : undefined}
          aria-describedby={errors.notes?.length ? `${notesId}-error` : `${notesId}-hint`}
        />
        <p id={`${notesId}-hint`} className="mt-1 text-xs text-ink-muted">
          Up to {MAX_NOTES.toLocaleString("en-GB")} characters, e.g. “16:00 first dance · 17:30 speeches”.
        </p>
        <FieldError id={`${notesId}-error`} errors={errors.notes} />
      </div>
    </>
  );
}

export function CreateEventForm({ weddingId, region }: { weddingId: number; region: string | null }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [formKey, setFormKey] = useState(0);
  const { state, pending, onSubmit, errors } = useFormAction(createEventAction, () => {
    formRef.current?.reset();
    // Re-mounting the fields also clears the "ends the next day" hint.
    setFormKey((key) => key + 1);
  });
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add an event" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div key={formKey} className="grid gap-4 sm:grid-cols-2">
        <EventFields idPrefix="new-event" defaults={{ region: region ?? undefined }} errors={errors} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add event"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

function EditEventForm({ weddingId, event }: { weddingId: number; event: EventRow }) {
  const { state, pending, onSubmit, errors } = useFormAction(updateEventAction);
  const id = useId();
  const statusId = `${id}-status`;
  return (
    <form onSubmit={onSubmit} aria-label={`Edit the event ${event.name}`} className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="eventId" value={event.id} />
      <input type="hidden" name="version" value={event.version} />
      <div className="grid gap-4 sm:grid-cols-2">
        <EventFields idPrefix={id} defaults={event} errors={errors} />
        <div>
          <Label htmlFor={statusId}>Status</Label>
          <Select
            id={statusId}
            name="status"
            defaultValue={event.status}
            className="mt-1"
            aria-invalid={errors.status?.length ? true : undefined}
            aria-describedby={errors.status?.length ? `${statusId}-error` : undefined}
          >
            {EDITABLE_EVENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </Select>
          <FieldError id={`${statusId}-error`} errors={errors.status} />
        </div>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save event"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

/** Edit, cancel or reinstate one event. */
export function EventActions({ weddingId, event }: { weddingId: number; event: EventRow }) {
  const fields = { weddingId, eventId: event.id, version: event.version };
  if (event.status === "Cancelled") {
    return (
      <QuickActionForm action={reinstateEventAction} label={`Reinstate ${event.name}`} fields={fields}>
        <Button type="submit" variant="secondary" className="min-h-9 px-3">
          Reinstate<span className="sr-only"> {event.name}</span>
        </Button>
      </QuickActionForm>
    );
  }
  return (
    <div className="flex flex-wrap items-start gap-2">
      <QuickActionForm
        action={cancelEventAction}
        label={`Cancel ${event.name}`}
        fields={fields}
        confirm={`Cancel “${event.name}”? It leaves the timeline and the calendar feed; its RSVPs and expenses stay.`}
      >
        <Button type="submit" variant="secondary" className="min-h-9 px-3">
          Cancel event<span className="sr-only"> {event.name}</span>
        </Button>
      </QuickActionForm>
      <details className="group open:basis-full">
        <summary
          className={cx(
            "inline-flex min-h-9 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-surface-muted dark:text-brand-200",
            focusRing,
          )}
        >
          Edit<span className="sr-only"> the event {event.name}</span>
        </summary>
        <div className="mt-3 rounded-md border border-line bg-surface p-4">
          <EditEventForm weddingId={weddingId} event={event} />
        </div>
      </details>
    </div>
  );
}
