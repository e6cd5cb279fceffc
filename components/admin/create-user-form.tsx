"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, FieldError, Input, Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action";
import { createUserAction } from "@/lib/admin/actions";
import type { UnlinkedVendor } from "@/lib/admin/queries";
import { ACCOUNT_ROLES, type TAccountRole } from "@/lib/admin/schema";

type State = ActionResult<{ message: string }> | null;

export function CreateUserForm({ vendors }: { vendors: UnlinkedVendor[] }) {
  const [state, action, pending] = useActionState(createUserAction, null as State);
  const [role, setRole] = useState<TAccountRole>("planner");
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);

  // Submitting by hand keeps what was typed when the server refuses it.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Create an account" className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <Label htmlFor="new-email">Email</Label>
          <Input
            id="new-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            maxLength={254}
            className="mt-1"
            {...describedBy("new-email-error", errors.email)}
          />
          <FieldError id="new-email-error" errors={errors.email} />
        </div>
        <div>
          <Label htmlFor="new-name">Name</Label>
          <Input
            id="new-name"
            name="name"
            required
            maxLength={200}
            className="mt-1"
            {...describedBy("new-name-error", errors.name)}
          />
          <FieldError id="new-name-error" errors={errors.name} />
        </div>
        <div>
          <Label htmlFor="new-role">Role</Label>
          <Select
            id="new-role"
            name="role"
            value={role}
            onChange={(event) => setRole(event.target.value as TAccountRole)}
            className="mt-1"
            {...describedBy("new-role-error", errors.role)}
          >
            {ACCOUNT_ROLES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
          <FieldError id="new-role-error" errors={errors.role} />
        </div>
        <div>
          <Label htmlFor="new-password">Initial password</Label>
          <Input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            maxLength={256}
            className="mt-1"
            aria-describedby={errors.password?.length ? "new-password-error new-password-hint" : "new-password-hint"}
            aria-invalid={errors.password?.length ? true : undefined}
          />
          <p id="new-password-hint" className="mt-1 text-xs text-ink-muted">
            At least 12 characters. Give it to the person privately; they sign in with it and set up two-factor
            authentication.
          </p>
          <FieldError id="new-password-error" errors={errors.password} />
        </div>
        {role === "planner" ? (
          <div>
            <Label htmlFor="new-company">Company name (optional)</Label>
            <Input
              id="new-company"
              name="companyName"
              maxLength={200}
              className="mt-1"
              {...describedBy("new-company-error", errors.companyName)}
            />
            <FieldError id="new-company-error" errors={errors.companyName} />
          </div>
        ) : null}
        {role === "vendor" ? (
          <div>
            <Label htmlFor="new-vendor">Vendor (optional)</Label>
            <Select
              id="new-vendor"
              name="vendorId"
              defaultValue=""
              className="mt-1"
              {...describedBy("new-vendor-error", errors.vendorId)}
            >
              <option value="">Not linked yet</option>
              {vendors.map((vendor) => (
                <option key={vendor.id} value={vendor.id}>
                  {vendor.name} · {vendor.serviceCategory} · {vendor.region}
                </option>
              ))}
            </Select>
            <FieldError id="new-vendor-error" errors={errors.vendorId} />
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create account"}
        </Button>
      </div>
      <div aria-live="polite">
        {state?.ok ? <Alert tone="success">{state.message}</Alert> : null}
        {state && !state.ok ? (
          <Alert tone="danger" role="alert">
            {state.error}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
