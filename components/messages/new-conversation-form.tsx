"use client";

import { useId, useRef } from "react";
import { FormOutcome, useFormAction } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { FieldError, Label, Select } from "@/components/ui/input";
import { postPlannerMessageAction } from "@/lib/messages/actions";
import { MAX_MESSAGE } from "@/lib/messages/schema";
import type { VendorOption } from "@/lib/proposals/queries";

/** The planner writes to a vendor about this wedding; the first message starts the conversation. */
export function NewConversationForm({ weddingId, vendors }: { weddingId: number; vendors: VendorOption[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const { state, pending, onSubmit, errors } = useFormAction(postPlannerMessageAction, () => formRef.current?.reset());
  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Write to a vendor" className="space-y-3" noValidate>
      <input type="hidden" name="weddingId" value={weddingId} />
      <div>
        <Label htmlFor={`${id}-vendor`}>Vendor</Label>
        <Select
          id={`${id}-vendor`}
          name="vendorId"
          defaultValue=""
          className="mt-1"
          aria-invalid={errors.vendorId?.length ? true : undefined}
          aria-describedby={errors.vendorId?.length ? `${id}-vendor-error` : undefined}
        >
          <option value="">Choose an active vendor…</option>
          {vendors.map((vendor) => (
            <option key={vendor.id} value={vendor.id}>
              {vendor.name} ({vendor.serviceCategory})
            </option>
          ))}
        </Select>
        <FieldError id={`${id}-vendor-error`} errors={errors.vendorId} />
      </div>
      <div>
        <Label htmlFor={`${id}-body`}>Message</Label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={3}
          maxLength={MAX_MESSAGE}
          className={cx(
            "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
            "aria-invalid:border-red-600",
            focusRing,
          )}
          aria-invalid={errors.body?.length ? true : undefined}
          aria-describedby={errors.body?.length ? `${id}-body-error` : undefined}
        />
        <FieldError id={`${id}-body-error`} errors={errors.body} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send message"}
      </Button>
      <FormOutcome state={state} />
    </form>
  );
}
