import type { ComponentProps } from "react";
import { cx } from "./cx";
import { focusRing } from "./focus-ring";

// Form fields. A field with an error sets aria-invalid and points
// aria-describedby at its <FieldError>, so screen readers read the message.

const control = cx(
  "block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600 disabled:cursor-not-allowed disabled:opacity-60",
  focusRing,
);

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cx("block text-sm font-medium text-ink", className)} {...props} />;
}

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cx(control, className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cx(control, "pr-8", className)} {...props} />;
}

/** The errors of one field; renders nothing without errors. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {errors.join(" ")}
    </p>
  );
}

/** The props that tie a control to its FieldError. */
export function describedBy(id: string, errors?: string[]): { "aria-invalid"?: true; "aria-describedby"?: string } {
  return errors?.length ? { "aria-invalid": true, "aria-describedby": id } : {};
}
