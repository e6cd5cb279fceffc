"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// Shows a fixed message, never the thrown value's text: in development that
// text carries server details. The digest matches the server log line.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <div role="alert" className="mx-auto max-w-lg rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-xl font-semibold text-ink">Something went wrong</h1>
      <p className="mt-2 text-sm text-ink-muted">
        This page could not be loaded. It may be a brief problem with the database; please try again.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-ink-muted">Reference: {digest}</p> : null}
      <Button className="mt-6" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
