import type { ComponentProps } from "react";
import { cx } from "./cx";

export type AlertTone = "info" | "success" | "warning" | "danger";

const tones: Record<AlertTone, string> = {
  info: "border-line bg-surface text-ink",
  success:
    "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  danger: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

/**
 * A message box. Polite (role="status") by default; errors that need
 * attention at once pass role="alert".
 */
export function Alert({
  tone = "info",
  className,
  role = "status",
  ...props
}: ComponentProps<"div"> & { tone?: AlertTone }) {
  return <div role={role} className={cx("rounded-md border px-4 py-3 text-sm", tones[tone], className)} {...props} />;
}
