import type { Metadata } from "next";
import Link from "next/link";
import { AddressNotes } from "@/components/ui/address-notes";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { VendorResults } from "@/components/vendors/vendor-results";
import { VendorSearchForm } from "@/components/vendors/vendor-search-form";
import { requireIdentity } from "@/lib/auth/guards";
import { cappedSearchNote, formatMatchCount } from "@/lib/vendors/public-catalog";
import { listVendorRegions, searchVendors } from "@/lib/vendors/queries";
import { isVendorSearchFiltered, parseVendorSearchParams, vendorsHref } from "@/lib/vendors/schema";
import type { RawSearchParams } from "@/lib/url/search-params";

export const metadata: Metadata = { title: "Vendors" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<RawSearchParams> };

export default async function VendorsPage({ searchParams }: Props) {
  const { filters, notes } = parseVendorSearchParams(await searchParams);
  const identity = await requireIdentity(["planner", "admin"], vendorsHref(filters));
  const pageNotes = [...notes];
  if (identity.role !== "admin" && filters.status !== "Active") {
    pageNotes.push("Only active vendors can be booked, so only they are listed.");
  }
  const [result, regions] = await Promise.all([searchVendors(identity, filters), listVendorRegions()]);
  if (result.page < filters.page) pageNotes.push(`Page ${filters.page} does not exist; showing page ${result.page}.`);
  const capped = cappedSearchNote(result);
  if (capped) pageNotes.push(capped);
  const shown = { ...filters, status: result.status, page: result.page };
  const filtered = isVendorSearchFiltered(shown);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Vendors</h1>
        <p className="mt-1 text-sm text-ink-muted" aria-live="polite">
          {formatMatchCount(result)} {result.status === "Active" ? "" : `${result.status.toLowerCase()} `}
          {result.total === 1 ? "vendor" : "vendors"}
          {filtered ? " found" : " you can book"}
          {shown.q ? ", best match first" : ", by name"}.
        </p>
      </div>

      <AddressNotes notes={pageNotes} />
      <VendorSearchForm filters={shown} regions={regions} showStatus={identity.role === "admin"} />

      {result.total === 0 ? (
        <EmptyState
          title={filtered ? "No vendor matches" : "No vendors yet"}
          description={
            filtered ? (
              <>
                Try other words, fewer words or another spelling, or clear a filter.{" "}
                <Link href="/vendors" className="underline">
                  Show every vendor
                </Link>
                .
              </>
            ) : (
              "When vendors join, they appear here."
            )
          }
        />
      ) : (
        <>
          <VendorResults hits={result.hits} firstRank={(result.page - 1) * result.pageSize + 1} />
          <Pagination
            label="Vendor pages"
            page={result.page}
            pageCount={result.pageCount}
            hrefFor={(page) => vendorsHref(shown, { page })}
          />
        </>
      )}
    </div>
  );
}
