"use client";

import { useId, useRef } from "react";
import { FormOutcome, QuickActionForm, TextField, useFormAction } from "@/components/budget/form-parts";
import { formatAmount } from "@/components/budget/money";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, Label, describedBy } from "@/components/ui/input";
import { createPackageAction, deletePackageAction, updatePackageAction } from "@/lib/vendors/actions";
import { MAX_PACKAGE_DESCRIPTION, MAX_PACKAGE_NAME } from "@/lib/vendors/schema";
import { textareaClasses } from "./textarea";

export type PackageValues = {
  id: number;
  name: string;
  description: string | null;
  price: string;
  active: boolean;
  version: string;
};

function PackageFields({
  idPrefix,
  values,
  errors,
}: {
  idPrefix: string;
  values?: PackageValues;
  errors: Record<string, string[]>;
}) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id={`${idPrefix}-name`}
          name="name"
          label="Package name"
          defaultValue={values?.name}
          errors={errors.name}
          maxLength={MAX_PACKAGE_NAME}
          required
          autoComplete="off"
          className="sm:col-span-2"
        />
        <TextField
          id={`${idPrefix}-price`}
          name="price"
          label="Price (EUR)"
          defaultValue={values?.price}
          errors={errors.price}
          inputMode="decimal"
          required
          autoComplete="off"
          hint="Digits with up to 2 decimals."
        />
      </div>
      <div>
        <Label htmlFor={`${idPrefix}-description`}>What is included (optional)</Label>
        <textarea
          id={`${idPrefix}-description`}
          name="description"
          rows={3}
          maxLength={MAX_PACKAGE_DESCRIPTION}
          defaultValue={values?.description ?? ""}
          className={textareaClasses}
          {...describedBy(`${idPrefix}-description-error`, errors.description)}
        />
        <FieldError id={`${idPrefix}-description-error`} errors={errors.description} />
      </div>
    </>
  );
}

export function CreatePackageForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errors } = useFormAction(createPackageAction, () => formRef.current?.reset());
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Add a package" className="space-y-4" noValidate>
      <PackageFields idPrefix="new-package" errors={errors} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add package"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

function EditPackageForm({ item }: { item: PackageValues }) {
  const { state, pending, onSubmit, errors } = useFormAction(updatePackageAction);
  const id = useId();
  return (
    <form onSubmit={onSubmit} aria-label={`Edit the package ${item.name}`} className="space-y-4" noValidate>
      <input type="hidden" name="packageId" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
      <PackageFields idPrefix={id} values={item} errors={errors} />
      <label className="inline-flex min-h-10 items-center gap-2 text-sm text-ink">
        <input
          type="checkbox"
          name="active"
          value="1"
          defaultChecked={item.active}
          className="size-4 rounded border-line accent-brand-600"
        />
        Offered to planners (untick to withdraw it without deleting it)
      </label>
      <FieldError id={`${id}-active-error`} errors={errors.active} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save package"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}

/** One package: its summary, and edit and delete behind a disclosure. */
export function PackageItem({ item }: { item: PackageValues }) {
  return (
    <li className="rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h3 className="font-medium text-ink">
          {item.name} {item.active ? null : <Badge tone="warning">Withdrawn</Badge>}
        </h3>
        <p className="font-semibold text-ink tabular-nums">{formatAmount(item.price, "EUR")}</p>
      </div>
      {item.description ? <p className="mt-1 text-sm text-ink-muted">{item.description}</p> : null}
      <details className="mt-3">
        <summary className="inline-flex min-h-10 cursor-pointer items-center rounded-md text-sm font-medium text-brand-700 dark:text-brand-200">
          Edit<span className="sr-only"> the package {item.name}</span>
        </summary>
        <div className="mt-3 space-y-4">
          <EditPackageForm item={item} />
          <QuickActionForm
            action={deletePackageAction}
            label={`Delete the package ${item.name}`}
            fields={{ packageId: item.id, version: item.version }}
            confirm={`Delete the package “${item.name}”? Planners will no longer see it.`}
          >
            <Button type="submit" variant="secondary">
              Delete package
            </Button>
          </QuickActionForm>
        </div>
      </details>
    </li>
  );
}
