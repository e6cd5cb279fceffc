"use client";

import { startTransition, useActionState, useId, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { changeUserRoleAction, resetUserMfaAction, setUserDisabledAction } from "@/lib/admin/actions";
import { ACCOUNT_ROLES } from "@/lib/admin/schema";
import type { UserListRow } from "@/lib/admin/queries";

type State = ActionResult<{ message: string }> | null;
type Action = (previous: State, formData: FormData) => Promise<State>;

function Outcome({ state }: { state: State }) {
  if (!state) return null;
  const text = state.ok ? state.message : [state.error, ...Object.values(state.fieldErrors ?? {}).flat()].join(" ");
  return (
    <p
      className={cx(
        "mt-1 text-sm",
        state.ok ? "text-emerald-800 dark:text-emerald-200" : "text-red-700 dark:text-red-300",
      )}
    >
      {text}
    </p>
  );
}

/** A one-button form for an action that needs confirming; the outcome is announced. */
function ConfirmForm({
  action,
  fields,
  confirm,
  children,
  label,
}: {
  action: Action;
  fields: Record<string, string>;
  confirm: string;
  children?: ReactNode;
  label: string;
}) {
  const [state, run, pending] = useActionState(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!window.confirm(confirm)) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  }
  return (
    <form onSubmit={onSubmit} aria-label={label}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div role="status" aria-live="polite">
        {pending ? <p className="mt-1 text-sm text-ink-muted">Saving…</p> : <Outcome state={state} />}
      </div>
    </form>
  );
}

/** Enable/disable, reset MFA and change role for one account, behind a disclosure. */
export function UserActions({ user, isSelf }: { user: UserListRow; isSelf: boolean }) {
  const roleId = useId();
  return (
    <details className="group">
      <summary
        className={cx(
          "inline-flex min-h-10 cursor-pointer items-center rounded-md px-3 text-sm font-medium text-brand-700 hover:bg-surface-muted dark:text-brand-200",
          focusRing,
        )}
      >
        Manage<span className="sr-only"> {user.email}</span>
      </summary>
      <div className="mt-2 w-72 space-y-4 rounded-md border border-line bg-surface p-3">
        {isSelf ? (
          <p className="text-sm text-ink-muted">This is your account: you cannot disable it or change its role.</p>
        ) : (
          <ConfirmForm
            action={setUserDisabledAction}
            label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
            fields={{ userId: String(user.id), disabled: String(!user.disabled) }}
            confirm={
              user.disabled
                ? `Enable ${user.email}? They can sign in again.`
                : `Disable ${user.email}? They are signed out everywhere and cannot sign in.`
            }
          >
            <Button type="submit" variant="secondary" className="w-full">
              {user.disabled ? "Enable account" : "Disable account"}
            </Button>
          </ConfirmForm>
        )}
        <ConfirmForm
          action={resetUserMfaAction}
          label={`Reset two-factor authentication for ${user.email}`}
          fields={{ userId: String(user.id) }}
          confirm={`Reset two-factor authentication for ${user.email}? Their recovery codes stop working, their sessions end, and they set it up again at their next sign-in.`}
        >
          <Button type="submit" variant="secondary" className="w-full" disabled={!user.mfaEnabled}>
            Reset two-factor authentication
          </Button>
          {!user.mfaEnabled ? <p className="mt-1 text-xs text-ink-muted">Not set up yet.</p> : null}
        </ConfirmForm>
        {isSelf ? null : (
          <ConfirmForm
            action={changeUserRoleAction}
            label={`Change the role of ${user.email}`}
            fields={{ userId: String(user.id) }}
            confirm={`Change the role of ${user.email}? Their sessions end and they sign in again.`}
          >
            <Label htmlFor={roleId}>Role</Label>
            <div className="mt-1 flex gap-2">
              <Select id={roleId} name="role" defaultValue={user.role}>
                {ACCOUNT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </Select>
              <Button type="submit" variant="secondary">
                Change
              </Button>
            </div>
          </ConfirmForm>
        )}
      </div>
    </details>
  );
}
