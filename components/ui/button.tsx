import type { ComponentProps } from "react";
import { cx } from "./cx";
import { focusRing } from "./focus-ring";

export type ButtonVariant = "primary" | "secondary" | "ghost";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-200",
  secondary: "border border-line bg-surface text-ink hover:bg-surface-muted",
  ghost: "text-ink hover:bg-surface-muted",
};

/** Button styles, also for links that should look like buttons. */
export function buttonClasses(variant: ButtonVariant = "primary", className?: string): string {
  return cx(
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 text-sm font-medium transition-colors",
    "disabled:cursor-not-allowed",
    focusRing,
    variants[variant],
    className,
  );
}

export type ButtonProps = ComponentProps<"button"> & { variant?: ButtonVariant };

export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
