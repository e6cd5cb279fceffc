import type { ReactNode } from "react";

export type EmptyStateProps = {
  title: string;
  /** What to do next, not only what is missing. */
  description: ReactNode;
  action?: ReactNode;
};

export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <div className="rounded-lg border border-dashed border-line bg-surface px-6 py-12 text-center">
      <h2 className="text-base font-semibold text-ink">{title}</h2>
      <div className="mx-auto mt-2 max-w-prose text-sm text-ink-muted">{description}</div>
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  );
}
