import "server-only";
import { getPrisma } from "@/lib/db/client";
import { formatCount } from "@/lib/format/count";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/with-identity";
import type { TServiceCategory, TVendorStatus } from "./schema";

// The public vendor catalogue: what every planner sees alike (active vendors'
// public columns and their active packages). It is read through the
// security-definer functions vendor_catalog_* of the vendor_packages
// migration, without a person's identity, so that one cached copy can serve
// every planner. That skips withIdentity, hence unsafe…: the functions return
// nothing private (no account, booking, inactive vendor or withdrawn
// package), and each caller says why its call is safe.

export type CatalogQuery = {
  q: string | null;
  category: TServiceCategory | null;
  region: string | null;
  band: number | null;
  limit: number;
  offset: number;
};

export type VendorHit = {
  id: number;
  name: string;
  serviceCategory: TServiceCategory;
  region: string;
  status: TVendorStatus;
  priceBand: number;
  /** The name, with matches between U+E000 and U+E001. */
  nameHeadline: string;
  /** A snippet of the description and packages, with matches between U+E000 and U+E001. */
  headline: string;
  ftsRank: number;
  similarity: number;
  packageCount: number;
  /** The cheapest active package, as an exact decimal string; null without packages. */
  fromPrice: string | null;
};

/**
 * A text search ranks at most this many matches (vendor_search(), D31): a
 * common word matches a quarter of the catalogue, and scoring every match on
 * every request cost seconds. Under the cap the ranking and count are exact.
 */
export const SEARCH_MATCH_CAP = 1000;

/** `total` is at most SEARCH_MATCH_CAP; `more` says that more vendors match than were ranked. */
export type VendorHitPage = { hits: VendorHit[]; total: number; more: boolean };

export type CatalogVendor = {
  id: number;
  name: string;
  serviceCategory: TServiceCategory;
  region: string;
  priceBand: number;
  description: string | null;
};

export type CatalogPackage = { id: number; name: string; description: string | null; price: string };

export type SearchRow = {
  vendor_id: number;
  name: string;
  service_category: TServiceCategory;
  region: string;
  status: TVendorStatus;
  price_band: number;
  name_headline: string;
  headline: string;
  fts_rank: number;
  similarity: number;
  package_count: number;
  from_price: string | null;
  total_count: number;
};

/** The number of matches as the page says it: "1,000+" when more match than were ranked. */
export function formatMatchCount(page: Pick<VendorHitPage, "total" | "more">): string {
  return `${formatCount(page.total)}${page.more ? "+" : ""}`;
}

/** What the page tells a planner whose search matched more vendors than are ranked; null otherwise. */
export function cappedSearchNote(page: Pick<VendorHitPage, "more">): string | null {
  if (!page.more) return null;
  const cap = formatCount(SEARCH_MATCH_CAP);
  return (
    `More than ${cap} vendors match, so the best of the first ${cap} found are ranked here. ` +
    "Add a word, a region or a category to narrow the search."
  );
}

/** Whether vendor_search() treats the query as search text (as it trims it), rather than browsing by name. */
export function isTextSearch(q: string | null): boolean {
  return (
    q !== null &&
    q
      .slice(0, 200)
      .replace(/[\uE000\uE001]/g, "")
      .trim() !== ""
  );
}

/**
 * A text search's matches are counted up to SEARCH_MATCH_CAP + 1, and rows
 * past the cap are not shown; browsing by name counts every vendor.
 */
export function toHitPage(rows: SearchRow[], query: Pick<CatalogQuery, "q" | "offset">): VendorHitPage {
  const counted = rows[0]?.total_count ?? 0;
  const cap = isTextSearch(query.q) ? SEARCH_MATCH_CAP : Infinity;
  return {
    total: Math.min(counted, cap),
    more: counted > cap,
    hits: rows.slice(0, Math.max(0, cap - query.offset)).map((row) => ({
      id: row.vendor_id,
      name: row.name,
      serviceCategory: row.service_category,
      region: row.region,
      status: row.status,
      priceBand: row.price_band,
      nameHeadline: row.name_headline,
      headline: row.headline,
      ftsRank: row.fts_rank,
      similarity: row.similarity,
      packageCount: row.package_count,
      fromPrice: row.from_price,
    })),
  };
}

/** The catalogue search as one statement; the plan checks read the plan of vendor_search() inside it. */
export function vendorCatalogSearchQuery(query: CatalogQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT * FROM vendor_catalog_search(${query.q}::text, ${query.category}::text, ${query.region}::text,
                                        ${query.band}::integer, ${query.limit}::integer, ${query.offset}::integer)`;
}

/** Active vendors only, whoever asks. */
export async function unsafeSearchPublicCatalog(query: CatalogQuery): Promise<VendorHitPage> {
  const rows = await getPrisma().$queryRaw<SearchRow[]>(vendorCatalogSearchQuery(query));
  return toHitPage(rows, query);
}

/** Any status, as row-level security allows: for admins, inside their own withIdentity transaction. */
export async function searchVendorsAs(tx: Tx, query: CatalogQuery, status: TVendorStatus): Promise<VendorHitPage> {
  const rows = await tx.$queryRaw<SearchRow[]>`
    SELECT * FROM vendor_search(${query.q}::text, ${query.category}::text, ${query.region}::text,
                                ${query.band}::integer, ${status}::text, ${query.limit}::integer, ${query.offset}::integer)`;
  return toHitPage(rows, query);
}

export async function unsafeGetPublicVendor(vendorId: number): Promise<CatalogVendor | null> {
  const rows = await getPrisma().$queryRaw<
    {
      vendor_id: number;
      name: string;
      service_category: TServiceCategory;
      region: string;
      price_band: number;
      description: string | null;
    }[]
  >`SELECT * FROM vendor_catalog_vendor(${vendorId}::integer)`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.vendor_id,
    name: row.name,
    serviceCategory: row.service_category,
    region: row.region,
    priceBand: row.price_band,
    description: row.description,
  };
}

export async function unsafeListPublicPackages(vendorId: number): Promise<CatalogPackage[]> {
  const rows = await getPrisma().$queryRaw<
    { package_id: number; name: string; description: string | null; price: string }[]
  >`SELECT * FROM vendor_catalog_packages(${vendorId}::integer)`;
  return rows.map((row) => ({ id: row.package_id, name: row.name, description: row.description, price: row.price }));
}

export async function unsafeListPublicRegions(): Promise<string[]> {
  const rows = await getPrisma().$queryRaw<{ region: string }[]>`SELECT region FROM vendor_catalog_regions()`;
  return rows.map((row) => row.region);
}
