"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { ActionResult } from "@/lib/actions/action";
import { resetStatisticsAction } from "@/lib/db-health/actions";
import type { TStatsTarget } from "@/lib/db-health/schema";

type State = ActionResult<{ message: string }> | null;

const FORMS: { target: TStatsTarget; button: string; confirm: string; description: string }[] = [
  {
    target: "statements",
    button: "Reset query statistics",
    confirm: "Reset pg_stat_statements for this database? The top-query figures start again from zero.",
    description: "Clears pg_stat_statements for this database, e.g. after deploying an index, to measure afresh.",
  },
  {
    target: "database",
    button: "Reset table and index counters",
    confirm: "Reset this database's statistics counters? Index scans, cache hits and deadlocks start again from zero.",
    description:
      "pg_stat_reset(): index scans, cache hits and the deadlock count start again. It also zeroes the dead-row counts autovacuum goes by: run ANALYZE afterwards.",
  },
];

function ResetForm({ form }: { form: (typeof FORMS)[number] }) {
  const [state, run, pending] = useActionState<State, FormData>(resetStatisticsAction, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!window.confirm(form.confirm)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  return (
    <form onSubmit={onSubmit} aria-label={form.button} className="space-y-2">
      <input type="hidden" name="target" value={form.target} />
      <p className="text-sm text-ink-muted">{form.description}</p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {form.button}
      </Button>
      <div role="status" aria-live="polite">
        {pending ? <p className="text-sm text-ink-muted">Resetting…</p> : null}
        {!pending && state ? (
          <p
            className={cx(
              "text-sm",
              state.ok ? "text-emerald-800 dark:text-emerald-200" : "text-red-700 dark:text-red-300",
            )}
          >
            {state.ok ? state.message : state.error}
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** The two reset buttons; each reset is recorded in the audit log under the admin's name. */
export function ResetForms() {
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      {FORMS.map((form) => (
        <ResetForm key={form.target} form={form} />
      ))}
    </div>
  );
}
