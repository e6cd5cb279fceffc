"use client";

import { startTransition, useActionState, useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { importGuestsAction } from "@/lib/guests/actions";
import type { ImportSummary } from "@/lib/guests/import-guests";
import { MAX_IMPORT_BYTES } from "@/lib/guests/schema";

// The upload form. The server checks every row before it writes anything; a
// refused file lists each problem by row and column, as a spreadsheet numbers
// rows (the header is row 1).

type State = ActionResult<{ message: string; summary: ImportSummary }> | null;

export function ImportForm({ weddingId }: { weddingId: number }) {
  const [state, run, pending] = useActionState(importGuestsAction, null as State);
  const [tooLarge, setTooLarge] = useState(false);
  const id = useId();
  const problems = state && !state.ok ? (state.fieldErrors?.file ?? []) : [];
  const invalid = problems.length > 0 || tooLarge;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    // Checked here too, so a large file is refused before it is sent.
    if (file instanceof File && file.size > MAX_IMPORT_BYTES) {
      setTooLarge(true);
      return;
    }
    setTooLarge(false);
    startTransition(() => run(data));
  }

  return (
    <form onSubmit={onSubmit} aria-label="Import guests from a CSV file" className="space-y-4" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div>
        <Label htmlFor={`${id}-file`}>CSV file (UTF-8, at most 1 MB and 5,000 guests)</Label>
        <Input
          id={`${id}-file`}
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          className="mt-1"
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${id}-problems` : undefined}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking and importing…" : "Import guests"}
      </Button>
      <div aria-live="polite">
        {pending ? <p className="text-sm text-ink-muted">Checking every row, then importing…</p> : null}
        {!pending && state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
      {tooLarge ? (
        <Alert tone="danger" role="alert" id={`${id}-problems`}>
          The file is larger than 1 MB. Split it into smaller files.
        </Alert>
      ) : null}
      {!pending && state && !state.ok ? (
        <Alert tone="danger" role="alert" id={`${id}-problems`}>
          <p className="font-medium">{state.error}</p>
          {problems.length > 0 ? (
            <ul className="mt-2 max-h-96 list-disc space-y-1 overflow-y-auto pl-5" aria-label="Problems in the file">
              {problems.map((problem, index) => (
                <li key={index}>{problem}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
    </form>
  );
}
