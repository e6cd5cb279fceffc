"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

export function SignOutButton({ variant = "primary", className }: { variant?: ButtonVariant; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      className={className}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut({ redirect: false });
        } finally {
          // A full load, not router.push: nothing of the signed-in pages may stay in memory.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign("/sign-in?signed-out=1");
        }
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
