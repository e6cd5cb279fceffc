import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CreatePackageForm, PackageItem } from "@/components/vendors/package-forms";
import { VendorProfileForm } from "@/components/vendors/profile-form";
import { requireIdentity } from "@/lib/auth/guards";
import { getOwnVendorProfile } from "@/lib/vendors/own-profile";
import { MAX_PACKAGES_PER_VENDOR } from "@/lib/vendors/schema";

export const metadata: Metadata = { title: "Your profile" };
export const dynamic = "force-dynamic";

// The vendor portal's profile: what planners see in the vendor search, and the
// packages they can book.
export default async function VendorProfilePage() {
  const identity = await requireIdentity(["vendor"], "/vendor/profile");
  const profile = await getOwnVendorProfile(identity);
  if (!profile) {
    return (
      <EmptyState
        title="No vendor profile yet"
        description="Your account is not linked to a business. Ask an administrator to link it, then reload this page."
      />
    );
  }
  const active = profile.packages.filter((item) => item.active).length;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Your profile</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-ink-muted">
          What planners see when they search for vendors.
          {profile.status === "Active" ? null : (
            <Badge tone="warning">{profile.status}: planners cannot find you at the moment</Badge>
          )}
        </p>
      </div>

      <Card>
        <CardTitle>Business details</CardTitle>
        <div className="mt-4">
          <VendorProfileForm profile={profile} />
        </div>
      </Card>

      <section className="space-y-3" aria-labelledby="packages-heading">
        <h2 id="packages-heading" className="text-lg font-semibold text-ink">
          Packages
        </h2>
        <p className="text-sm text-ink-muted">
          {active} of {profile.packages.length} offered to planners; at most {MAX_PACKAGES_PER_VENDOR}. Package names
          and descriptions are part of the vendor search.{" "}
          <Link href={`/`} className="underline">
            Your bookings
          </Link>
        </p>
        {profile.packages.length === 0 ? (
          <EmptyState
            title="No packages yet"
            description="Add what you offer below, with a price, so planners can compare."
          />
        ) : (
          <ul className="space-y-3">
            {profile.packages.map((item) => (
              <PackageItem key={item.id} item={item} />
            ))}
          </ul>
        )}
      </section>

      <Card>
        <CardTitle>Add a package</CardTitle>
        <CardDescription>Prices are in EUR. New packages are offered to planners at once.</CardDescription>
        <div className="mt-4">
          <CreatePackageForm />
        </div>
      </Card>
    </div>
  );
}
