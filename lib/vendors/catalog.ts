import "server-only";
import { unstable_cache } from "next/cache";
import { VENDOR_LISTINGS_TAG, vendorPackagesTag, vendorProfileTag } from "./cache-tags";
import {
  unsafeGetPublicVendor,
  unsafeListPublicPackages,
  unsafeListPublicRegions,
  unsafeSearchPublicCatalog,
  type CatalogPackage,
  type CatalogQuery,
  type CatalogVendor,
  type VendorHitPage,
} from "./public-catalog";

// The public catalogue through Next.js's data cache (report §3.1: vendor
// listings and package catalogues are cached). Shared by every planner, which
// is safe only because the catalogue is the same for all of them: nothing here
// takes an identity. Entries carry the tags of lib/vendors/cache-tags.ts, which
// every vendor and package write revalidates; after five minutes an entry is
// refreshed anyway, as a backstop for writes made outside the app (psql, a
// reseed).
//
// Free-text searches are not cached: every distinct text would be a new entry,
// so the cache would grow with whatever people type. They run on the same
// catalogue function with its GIN and trigram indexes, which is fast.

const REVALIDATE_SECONDS = 300;

// unsafe…: the cache key is the filters alone, and the result is the public
// catalogue, which holds nothing that differs between planners.
const cachedBrowse = unstable_cache(
  async (query: CatalogQuery) => unsafeSearchPublicCatalog(query),
  ["vendor-catalogue-browse-v2"],
  { tags: [VENDOR_LISTINGS_TAG], revalidate: REVALIDATE_SECONDS },
);

const cachedRegions = unstable_cache(async () => unsafeListPublicRegions(), ["vendor-catalogue-regions-v1"], {
  tags: [VENDOR_LISTINGS_TAG],
  revalidate: REVALIDATE_SECONDS,
});

/** A page of active vendors: cached when there is no search text, live otherwise. */
export async function getCatalogPage(query: CatalogQuery): Promise<VendorHitPage> {
  // unsafe…: the public catalogue only (see above); the page has checked the role.
  if (query.q !== null) return unsafeSearchPublicCatalog(query);
  return cachedBrowse(query);
}

/** The regions of active vendors, for the region filter. */
export async function getCatalogRegions(): Promise<string[]> {
  return cachedRegions();
}

// Per-vendor entries are made only for vendors in the catalogue: an unknown id
// throws inside the cached function, which unstable_cache does not store, so
// nobody can fill the cache by asking for made-up ids.
class NotInCatalogue extends Error {}

/** An active vendor's public profile, or null (unknown, inactive or suspended). */
export async function getCatalogVendor(vendorId: number): Promise<CatalogVendor | null> {
  try {
    // unsafe…: one vendor's public columns, the same for every planner.
    return await unstable_cache(
      async () => {
        const vendor = await unsafeGetPublicVendor(vendorId);
        if (!vendor) throw new NotInCatalogue();
        return vendor;
      },
      ["vendor-catalogue-vendor-v1", String(vendorId)],
      { tags: [vendorProfileTag(vendorId)], revalidate: REVALIDATE_SECONDS },
    )();
  } catch (error) {
    if (error instanceof NotInCatalogue) return null;
    throw error;
  }
}

/**
 * An active vendor's active packages, cheapest first. Call it for a vendor
 * getCatalogVendor found: the entry is keyed by the vendor's id.
 */
export async function getCatalogPackages(vendorId: number): Promise<CatalogPackage[]> {
  // unsafe…: active packages of an active vendor, the same for every planner.
  return unstable_cache(
    async () => unsafeListPublicPackages(vendorId),
    ["vendor-catalogue-packages-v1", String(vendorId)],
    { tags: [vendorPackagesTag(vendorId)], revalidate: REVALIDATE_SECONDS },
  )();
}
