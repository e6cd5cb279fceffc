import "server-only";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import { getCatalogPackages, getCatalogPage, getCatalogRegions, getCatalogVendor } from "./catalog";
import {
  searchVendorsAs,
  type CatalogPackage,
  type CatalogQuery,
  type CatalogVendor,
  type VendorHitPage,
} from "./public-catalog";
import { VENDOR_PAGE_SIZE, type TVendorFilters, type TVendorStatus } from "./schema";

// What the vendor search and the vendor detail page show. Active vendors come
// from the shared, cached public catalogue; an admin looking at inactive or
// suspended vendors reads them live, as themselves, through row-level security.
// Planners never see an inactive vendor here.

export type VendorSearchResult = VendorHitPage & {
  page: number;
  pageCount: number;
  pageSize: number;
  /** The status actually listed: always Active for a planner. */
  status: TVendorStatus;
};

function toQuery(filters: TVendorFilters, page: number): CatalogQuery {
  return {
    q: filters.q ?? null,
    category: filters.category ?? null,
    region: filters.region ?? null,
    band: filters.band ?? null,
    limit: VENDOR_PAGE_SIZE,
    offset: (page - 1) * VENDOR_PAGE_SIZE,
  };
}

/** The status a person may list: admins any, planners Active only. */
export function allowedStatus(identity: UserIdentity, requested: TVendorStatus): TVendorStatus {
  return identity.role === "admin" ? requested : "Active";
}

async function searchPage(identity: UserIdentity, filters: TVendorFilters, status: TVendorStatus, page: number) {
  const query = toQuery(filters, page);
  if (status === "Active") return getCatalogPage(query);
  return withIdentity(identity, (tx) => searchVendorsAs(tx, query, status));
}

/** One page of the search. A page past the end falls back to the last page. */
export async function searchVendors(identity: UserIdentity, filters: TVendorFilters): Promise<VendorSearchResult> {
  if (identity.role === "vendor") throw new Error("Vendors do not search the catalogue.");
  const status = allowedStatus(identity, filters.status);
  let page = filters.page;
  let result = await searchPage(identity, filters, status, page);
  if (result.hits.length === 0 && page > 1) {
    // The total comes with the rows, so an empty page says nothing about it: ask page 1.
    const first = await searchPage(identity, filters, status, 1);
    const lastPage = Math.max(1, Math.ceil(first.total / VENDOR_PAGE_SIZE));
    page = lastPage;
    result = lastPage === 1 ? first : await searchPage(identity, filters, status, lastPage);
  }
  return {
    ...result,
    page,
    pageCount: Math.max(1, Math.ceil(result.total / VENDOR_PAGE_SIZE)),
    pageSize: VENDOR_PAGE_SIZE,
    status,
  };
}

export async function listVendorRegions(): Promise<string[]> {
  return getCatalogRegions();
}

export type VendorDetail = {
  vendor: CatalogVendor & { status: TVendorStatus };
  packages: CatalogPackage[];
};

/**
 * A vendor's page: profile and active packages. Planners see active vendors
 * only (null otherwise); an admin also sees inactive and suspended ones.
 */
export async function getVendorDetail(identity: UserIdentity, vendorId: number): Promise<VendorDetail | null> {
  if (identity.role === "vendor") return null;
  const vendor = await getCatalogVendor(vendorId);
  if (vendor) return { vendor: { ...vendor, status: "Active" }, packages: await getCatalogPackages(vendorId) };
  if (identity.role !== "admin") return null;
  return withIdentity(identity, async (tx) => {
    const row = await tx.vendor.findUnique({
      where: { id: vendorId },
      select: {
        id: true,
        name: true,
        serviceCategory: true,
        region: true,
        priceBand: true,
        description: true,
        status: true,
        packages: {
          where: { active: true },
          select: { id: true, name: true, description: true, price: true },
          orderBy: [{ price: "asc" }, { name: "asc" }, { id: "asc" }],
        },
      },
    });
    if (!row) return null;
    const { packages: own, ...rest } = row;
    return {
      vendor: rest,
      packages: own.map((p) => ({ id: p.id, name: p.name, description: p.description, price: p.price.toFixed(2) })),
    };
  });
}

export type WeddingChoice = { id: number; name: string; date: string };

/** The identity's weddings from `today` on that are still being planned, soonest first. */
export async function listUpcomingWeddings(identity: UserIdentity, today: string): Promise<WeddingChoice[]> {
  if (identity.role === "vendor") return [];
  const rows = await withIdentity(identity, (tx) =>
    tx.wedding.findMany({
      where: { weddingDate: { gte: new Date(`${today}T00:00:00Z`) }, status: { in: ["Planning", "Confirmed"] } },
      select: { id: true, name: true, weddingDate: true },
      orderBy: [{ weddingDate: "asc" }, { id: "asc" }],
      take: 200,
    }),
  );
  return rows.map((row) => ({ id: row.id, name: row.name, date: toIsoDate(row.weddingDate) }));
}
