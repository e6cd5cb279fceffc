import type { ReactNode } from "react";
import { VendorNav } from "@/components/vendor-portal/vendor-nav";
import { requireIdentity } from "@/lib/auth/guards";

// The vendor portal: bookings, proposals, messages and the profile under one
// sub-navigation. Each page loads (and authorises) its own data too.

export default async function VendorLayout({ children }: { children: ReactNode }) {
  await requireIdentity(["vendor"], "/vendor");
  return (
    <div className="space-y-6">
      <VendorNav />
      {children}
    </div>
  );
}
