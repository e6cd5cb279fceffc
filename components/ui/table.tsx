import type { ComponentProps } from "react";
import { cx } from "./cx";
import { focusRing } from "./focus-ring";

/**
 * A table that scrolls sideways on narrow screens. The scroll container is a
 * focusable, labelled region so keyboard users can scroll it. Give the table a
 * <TableCaption> too: that names the table itself.
 */
export function Table({ label, className, ...props }: ComponentProps<"table"> & { label: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={cx("overflow-x-auto rounded-lg border border-line bg-surface", focusRing)}
    >
      <table className={cx("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cx("px-4 py-3 text-left text-sm font-medium text-ink", className)} {...props} />;
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cx("border-b border-line bg-surface-muted text-xs tracking-wide text-ink-muted uppercase", className)}
      {...props}
    />
  );
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cx("divide-y divide-line", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cx("hover:bg-surface-muted/60", className)} {...props} />;
}

export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return <th scope={scope} className={cx("px-4 py-3 font-semibold whitespace-nowrap", className)} {...props} />;
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cx("px-4 py-3 align-middle text-ink", className)} {...props} />;
}
