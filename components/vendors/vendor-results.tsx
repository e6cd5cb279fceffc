import Link from "next/link";
import { formatAmount } from "@/components/budget/money";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import type { VendorHit } from "@/lib/vendors/public-catalog";
import { priceBandLabel } from "@/lib/vendors/schema";
import { HighlightedText } from "./highlighted-text";

// The search results as a card list, best match first. Each card names the
// vendor (a link to their page), their category, region and price band, the
// cheapest package, and a snippet with the matched words marked.

export function VendorResults({ hits, firstRank }: { hits: VendorHit[]; firstRank: number }) {
  return (
    <ol start={firstRank} aria-label="Vendors found" className="grid gap-4 md:grid-cols-2">
      {hits.map((hit) => (
        <li key={hit.id} className="flex flex-col rounded-lg border border-line bg-surface p-4 shadow-sm">
          <h2 className="text-base font-semibold text-ink">
            <Link
              href={`/vendors/${hit.id}`}
              className={cx("rounded-sm text-brand-700 hover:underline dark:text-brand-200", focusRing)}
            >
              <HighlightedText text={hit.nameHeadline} />
            </Link>
          </h2>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-ink-muted">
            <Badge tone="brand">{hit.serviceCategory}</Badge>
            <span>{hit.region}</span>
            <span aria-label={`Price band ${hit.priceBand} of 4`}>{priceBandLabel(hit.priceBand)}</span>
            {hit.status !== "Active" ? <Badge tone="warning">{hit.status}</Badge> : null}
          </p>
          <p className="mt-3 text-sm text-ink" data-testid="vendor-snippet">
            <HighlightedText text={hit.headline} />
          </p>
          <p className="mt-auto pt-3 text-sm text-ink-muted">
            {hit.fromPrice !== null
              ? `${hit.packageCount} ${hit.packageCount === 1 ? "package" : "packages"} from ${formatAmount(hit.fromPrice, "EUR")}`
              : "No packages listed yet"}
          </p>
        </li>
      ))}
    </ol>
  );
}
