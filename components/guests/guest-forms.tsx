"use client";

import { startTransition, useActionState, useEffect, useId, useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FieldError, Input, Label, Select } from "@/components/ui/input";
import { createGuestAction, deleteGuestAction, updateGuestAction } from "@/lib/guests/actions";
import type { GuestListRow } from "@/lib/guests/queries";
import { MAX_DIETARY, MAX_EMAIL, MAX_NAME, MAX_PHONE } from "@/lib/guests/schema";
import { ActionOutcome, fieldErrorsOf, type MessageState } from "./action-outcome";

// A guest's details: add one to a household, edit (also moving them to
// another household of the wedding), delete.

type HouseholdChoice = { id: number; name: string };

function GuestFields({
  idPrefix,
  errors,
  households,
  guest,
  defaultHouseholdId,
}: {
  idPrefix: string;
  errors: Record<string, string[]>;
  households: HouseholdChoice[];
  guest?: GuestListRow;
  defaultHouseholdId?: number;
}) {
  const field = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <Label htmlFor={field("name")}>Full name</Label>
        <Input
          id={field("name")}
          name="fullName"
          required
          maxLength={MAX_NAME}
          autoComplete="off"
          defaultValue={guest?.fullName}
          className="mt-1"
          {...describedBy(field("name-error"), errors.fullName)}
        />
        <FieldError id={field("name-error")} errors={errors.fullName} />
      </div>
      <div>
        <Label htmlFor={field("household")}>Household</Label>
        <Select
          id={field("household")}
          name="householdId"
          required
          defaultValue={String(guest?.householdId ?? defaultHouseholdId ?? "")}
          className="mt-1"
          {...describedBy(field("household-error"), errors.householdId)}
        >
          <option value="" disabled>
            Choose a household
          </option>
          {households.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </Select>
        <FieldError id={field("household-error")} errors={errors.householdId} />
      </div>
      <div>
        <Label htmlFor={field("email")}>Email (optional)</Label>
        <Input
          id={field("email")}
          name="email"
          type="email"
          autoComplete="off"
          maxLength={MAX_EMAIL}
          defaultValue={guest?.email ?? ""}
          className="mt-1"
          {...describedBy(field("email-error"), errors.email)}
        />
        <FieldError id={field("email-error")} errors={errors.email} />
      </div>
      <div>
        <Label htmlFor={field("phone")}>Phone (optional)</Label>
        <Input
          id={field("phone")}
          name="phone"
          type="tel"
          autoComplete="off"
          maxLength={MAX_PHONE}
          defaultValue={guest?.phone ?? ""}
          className="mt-1"
          {...describedBy(field("phone-error"), errors.phone)}
        />
        <FieldError id={field("phone-error")} errors={errors.phone} />
      </div>
      <div className="sm:col-span-2">
        <Label htmlFor={field("dietary")}>Dietary preference (optional)</Label>
        <Input
          id={field("dietary")}
          name="dietaryPreference"
          maxLength={MAX_DIETARY}
          placeholder="e.g. Vegetarian, nut allergy"
          defaultValue={guest?.dietaryPreference ?? ""}
          className="mt-1"
          {...describedBy(field("dietary-error"), errors.dietaryPreference)}
        />
        <FieldError id={field("dietary-error")} errors={errors.dietaryPreference} />
      </div>
    </div>
  );
}

export function CreateGuestForm({ weddingId, households }: { weddingId: number; households: HouseholdChoice[] }) {
  const [state, run, pending] = useActionState(createGuestAction, null as MessageState);
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = useId();
  useEffect(() => {
    if (!state?.ok || !formRef.current) return;
    // Keep the household: the next guest is often of the same party.
    for (const name of ["fullName", "email", "phone", "dietaryPreference"]) {
      const input = formRef.current.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = "";
    }
    (formRef.current.elements.namedItem("fullName") as HTMLInputElement | null)?.focus();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add a guest" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <GuestFields idPrefix={idPrefix} errors={fieldErrorsOf(state)} households={households} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add guest"}
      </Button>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}

export function EditGuestForm({
  weddingId,
  guest,
  households,
}: {
  weddingId: number;
  guest: GuestListRow;
  households: HouseholdChoice[];
}) {
  const [state, run, pending] = useActionState(updateGuestAction, null as MessageState);
  const idPrefix = useId();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${guest.fullName}`} className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="guestId" value={guest.id} />
      <input type="hidden" name="version" value={guest.version} />
      <GuestFields idPrefix={idPrefix} errors={fieldErrorsOf(state)} households={households} guest={guest} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save guest"}
      </Button>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}

export function DeleteGuestForm({ weddingId, guest }: { weddingId: number; guest: GuestListRow }) {
  // On success the action sends the browser back to the guest list.
  const [state, run, pending] = useActionState(deleteGuestAction, null as MessageState);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!window.confirm(`Delete ${guest.fullName}? Their RSVPs are deleted too.`)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  return (
    <form onSubmit={onSubmit} aria-label={`Delete ${guest.fullName}`} className="space-y-2">
      <input type="hidden" name="weddingId" value={weddingId} />
      <input type="hidden" name="guestId" value={guest.id} />
      <input type="hidden" name="version" value={guest.version} />
      <Button type="submit" variant="secondary" disabled={pending} className="text-red-700 dark:text-red-300">
        {pending ? "Deleting…" : "Delete guest"}
      </Button>
      <ActionOutcome state={state} pending={pending} pendingText="Deleting…" />
    </form>
  );
}
