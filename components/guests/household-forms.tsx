"use client";

import { startTransition, useActionState, useEffect, useId, useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, FieldError, Input, Label } from "@/components/ui/input";
import { createHouseholdAction, deleteHouseholdAction, updateHouseholdAction } from "@/lib/guests/actions";
import type { HouseholdRow } from "@/lib/guests/queries";
import { MAX_ALLOWANCE, MAX_NAME } from "@/lib/guests/schema";
import { ActionOutcome, fieldErrorsOf, type MessageState } from "./action-outcome";

// Households: add one, and for each an edit form (name, plus-one allowance)
// and a delete button. Forms submit by hand so a refused form keeps its input.

function submitWith(run: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
}

function HouseholdFields({
  idPrefix,
  errors,
  name,
  allowance,
}: {
  idPrefix: string;
  errors: Record<string, string[]>;
  name?: string;
  allowance?: number;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
      <div>
        <Label htmlFor={`${idPrefix}-name`}>Household name</Label>
        <Input
          id={`${idPrefix}-name`}
          name="name"
          required
          maxLength={MAX_NAME}
          defaultValue={name}
          autoComplete="off"
          className="mt-1"
          {...describedBy(`${idPrefix}-name-error`, errors.name)}
        />
        <FieldError id={`${idPrefix}-name-error`} errors={errors.name} />
      </div>
      <div>
        <Label htmlFor={`${idPrefix}-allowance`}>Plus-one allowance</Label>
        <Input
          id={`${idPrefix}-allowance`}
          name="plusOneAllowance"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_ALLOWANCE}
          step={1}
          defaultValue={allowance ?? 0}
          className="mt-1"
          aria-describedby={
            errors.plusOneAllowance?.length
              ? `${idPrefix}-allowance-error ${idPrefix}-allowance-hint`
              : `${idPrefix}-allowance-hint`
          }
          aria-invalid={errors.plusOneAllowance?.length ? true : undefined}
        />
        <p id={`${idPrefix}-allowance-hint`} className="mt-1 text-xs text-ink-muted">
          Extra people per event, 0–{MAX_ALLOWANCE}.
        </p>
        <FieldError id={`${idPrefix}-allowance-error`} errors={errors.plusOneAllowance} />
      </div>
    </div>
  );
}

export function CreateHouseholdForm({ weddingId }: { weddingId: number }) {
  const [state, run, pending] = useActionState(createHouseholdAction, null as MessageState);
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = useId();
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  return (
    <form ref={formRef} onSubmit={submitWith(run)} aria-label="Add a household" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <HouseholdFields idPrefix={idPrefix} errors={fieldErrorsOf(state)} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add household"}
      </Button>
      <ActionOutcome state={state} pending={pending} />
    </form>
  );
}

export function HouseholdEditor({ weddingId, household }: { weddingId: number; household: HouseholdRow }) {
  const [saved, save, saving] = useActionState(updateHouseholdAction, null as MessageState);
  const [deleted, remove, deleting] = useActionState(deleteHouseholdAction, null as MessageState);
  const idPrefix = useId();
  const guests = household.guestCount;

  function onDelete(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const also = guests > 0 ? ` Its ${guests} guest${guests === 1 ? "" : "s"} and their RSVPs are deleted too.` : "";
    if (!window.confirm(`Delete the household ${household.name}?${also}`)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => remove(data));
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={submitWith(save)}
        aria-label={`Edit the household ${household.name}`}
        className="space-y-4"
        noValidate
      >
        <input type="hidden" name="weddingId" value={weddingId} />
        <input type="hidden" name="householdId" value={household.id} />
        <input type="hidden" name="version" value={household.version} />
        <HouseholdFields
          idPrefix={idPrefix}
          errors={fieldErrorsOf(saved)}
          name={household.name}
          allowance={household.plusOneAllowance}
        />
        <Button type="submit" variant="secondary" disabled={saving}>
          {saving ? "Saving…" : "Save household"}
        </Button>
        <ActionOutcome state={saved} pending={saving} />
      </form>
      <form onSubmit={onDelete} aria-label={`Delete the household ${household.name}`}>
        <input type="hidden" name="weddingId" value={weddingId} />
        <input type="hidden" name="householdId" value={household.id} />
        <input type="hidden" name="version" value={household.version} />
        <Button type="submit" variant="ghost" disabled={deleting} className="text-red-700 dark:text-red-300">
          {deleting ? "Deleting…" : "Delete household"}
        </Button>
        <ActionOutcome state={deleted} pending={deleting} pendingText="Deleting…" />
      </form>
    </div>
  );
}
