"use client";

import { startTransition, useActionState, useId, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { inviteGuestsAction, removeGuestsFromEventAction } from "@/lib/guests/actions";
import type { GuestListEvent, GuestListRow } from "@/lib/guests/queries";
import { ActionOutcome, type MessageState } from "./action-outcome";

// What to do with the guests ticked in the guest list: invite them to an
// event (those already invited keep their answers) or take them off one.

export type BulkProps = { weddingId: number; events: GuestListEvent[]; selected: GuestListRow[]; onClear: () => void };

export function BulkActions({ weddingId, events, selected, onClear }: BulkProps) {
  const id = useId();
  const [state, run, pending] = useActionState(
    (previous: MessageState, data: FormData) =>
      data.get("intent") === "remove"
        ? removeGuestsFromEventAction(previous, data)
        : inviteGuestsAction(previous, data),
    null as MessageState,
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget, submitter);
    if (data.get("intent") === "remove") {
      const eventName = events.find((e) => String(e.id) === data.get("eventId"))?.name ?? "the event";
      const who = `${selected.length} guest${selected.length === 1 ? "" : "s"}`;
      if (!window.confirm(`Remove ${who} from ${eventName}? Their answers for it are deleted.`)) return;
    }
    startTransition(() => run(data));
  }

  const none = selected.length === 0;
  return (
    <form onSubmit={onSubmit} aria-label="Bulk actions for the selected guests" className="space-y-3">
      <input type="hidden" name="weddingId" value={weddingId} />
      {selected.map((guest) => (
        <input key={guest.id} type="hidden" name="guestIds" value={guest.id} />
      ))}
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface-muted/60 p-3">
        <p className="min-h-10 py-2 text-sm font-medium text-ink" aria-live="polite">
          {none ? "No guests selected" : `${formatCount(selected.length)} selected`}
        </p>
        <div>
          <Label htmlFor={`${id}-event`}>Event</Label>
          <Select id={`${id}-event`} name="eventId" className="mt-1 min-w-48" disabled={events.length === 0}>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} · {formatDate(e.date)}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" name="intent" value="invite" disabled={none || pending || events.length === 0}>
          Invite to event
        </Button>
        <Button
          type="submit"
          name="intent"
          value="remove"
          variant="secondary"
          disabled={none || pending || events.length === 0}
        >
          Remove from event
        </Button>
        <Button variant="ghost" onClick={onClear} disabled={none}>
          Clear selection
        </Button>
      </div>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}
