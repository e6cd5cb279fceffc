"use client";

import { Button } from "@/components/ui/button";

export function PrintButton({ className }: { className?: string }) {
  return (
    <Button variant="secondary" className={className} onClick={() => window.print()}>
      Print
    </Button>
  );
}
