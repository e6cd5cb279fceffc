import type { Metadata } from "next";
import Link from "next/link";
import { AddressNotes } from "@/components/ui/address-notes";
import { EmptyState } from "@/components/ui/empty-state";
import { CockpitFilters } from "@/components/weddings/cockpit-filters";
import { CockpitTable } from "@/components/weddings/cockpit-table";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { listCockpit } from "@/lib/weddings/cockpit";
import { cockpitHref, isCockpitFiltered, parseCockpitSearchParams } from "@/lib/weddings/cockpit-schema";

export const metadata: Metadata = { title: "Weddings" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CockpitPage({ searchParams }: Props) {
  const { filters, notes } = parseCockpitSearchParams(await searchParams);
  const identity = await requireIdentity(["planner", "admin"], cockpitHref(filters));
  const today = new Date().toISOString().slice(0, 10);
  const result = await listCockpit(identity, filters, today);
  const pageNotes =
    result.page < filters.page
      ? [...notes, `Page ${filters.page} does not exist; showing page ${result.page}.`]
      : notes;
  const filtered = isCockpitFiltered(filters);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Weddings</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {identity.role === "admin" ? "Every wedding of every planner" : "Every wedding you plan"}:{" "}
          {formatCount(result.total)} {result.total === 1 ? "wedding" : "weddings"}
          {filtered ? " found" : ""}. Guests count invitations to events that are not cancelled; pending guests have not
          answered any yet.
        </p>
      </div>

      <AddressNotes notes={pageNotes} />
      <CockpitFilters filters={filters} />

      {result.total === 0 ? (
        <EmptyState
          title={filtered ? "No wedding matches" : "No weddings yet"}
          description={
            filtered ? (
              <>
                Try another spelling or clear a filter.{" "}
                <Link href="/weddings" className="underline">
                  Show every wedding
                </Link>
                .
              </>
            ) : (
              <>
                Run <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-ink">npm run db:seed</code> to
                load demo data, then reload this page.
              </>
            )
          }
        />
      ) : (
        <CockpitTable
          rows={result.rows}
          total={result.total}
          page={result.page}
          filters={{ ...filters, page: result.page }}
        />
      )}
    </div>
  );
}
