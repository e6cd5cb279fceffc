import "server-only";
import { revalidateTag } from "next/cache";

// The Next.js cache tags of the vendor catalogue (lib/vendors/catalog.ts):
//   vendor-listings       every search page and the region list;
//   vendor:<id>           one vendor's public profile;
//   vendor-packages:<id>  one vendor's package catalogue.
// Every write to a vendor or a package calls revalidateVendorCatalog, so the
// next reader waits for fresh data ({ expire: 0 }) instead of seeing a vendor
// that was just suspended or a package that was just withdrawn.

export const VENDOR_LISTINGS_TAG = "vendor-listings";

export function vendorProfileTag(vendorId: number): string {
  return `vendor:${vendorId}`;
}

export function vendorPackagesTag(vendorId: number): string {
  return `vendor-packages:${vendorId}`;
}

/**
 * After any write to a vendor or their packages: the listings and that
 * vendor's cached profile and packages. Both per-vendor tags go, because a
 * status change hides the packages too and a package change moves the
 * listing's "from" price.
 */
export function revalidateVendorCatalog(vendorId: number): void {
  for (const tag of [VENDOR_LISTINGS_TAG, vendorProfileTag(vendorId), vendorPackagesTag(vendorId)]) {
    revalidateTag(tag, { expire: 0 });
  }
}
