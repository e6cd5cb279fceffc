import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";

export const textareaClasses = cx(
  "mt-1 block w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-ink sm:text-sm",
  "aria-invalid:border-red-600",
  focusRing,
);
