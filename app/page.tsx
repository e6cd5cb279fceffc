import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { WeddingStatusBadge } from "@/components/wedding-status-badge";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { listWeddingSummaries } from "@/lib/weddings/queries";
import { getWeddingTotals } from "@/lib/weddings/totals";

export const dynamic = "force-dynamic";

export default async function WeddingsPage() {
  const identity = await requireIdentity(["admin", "planner", "vendor"], "/");
  const weddings = await listWeddingSummaries(identity);
  const totals = getWeddingTotals(weddings);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Weddings</h1>
        <p className="mt-1 text-sm text-ink-muted">Every wedding you plan, soonest first.</p>
      </div>

      <dl className="grid grid-cols-2 gap-4 sm:max-w-md">
        <div className="rounded-lg border border-line bg-surface p-4">
          <dt className="text-sm text-ink-muted">Weddings</dt>
          <dd className="mt-1 text-2xl font-semibold text-ink">{formatCount(totals.weddings)}</dd>
        </div>
        <div className="rounded-lg border border-line bg-surface p-4">
          <dt className="text-sm text-ink-muted">Guests</dt>
          <dd className="mt-1 text-2xl font-semibold text-ink">{formatCount(totals.guests)}</dd>
        </div>
      </dl>

      {weddings.length === 0 ? (
        <EmptyState
          title="No weddings yet"
          description={
            <>
              Run <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-ink">npm run db:seed</code> to
              load demo data, then reload this page.
            </>
          }
        />
      ) : (
        <Table label="Weddings">
          <TableCaption className="sr-only">Weddings, soonest first</TableCaption>
          <TableHeader>
            <tr>
              <TableHead>Wedding</TableHead>
              <TableHead>Date</TableHead>
              <TableHead>Couple</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Guests</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {weddings.map((wedding) => (
              <TableRow key={wedding.id}>
                <TableHead scope="row" className="font-medium text-ink">
                  {wedding.name}
                </TableHead>
                <TableCell className="whitespace-nowrap">
                  <time dateTime={wedding.weddingDate}>{formatDate(wedding.weddingDate)}</time>
                </TableCell>
                <TableCell>{wedding.coupleName}</TableCell>
                <TableCell>
                  <WeddingStatusBadge status={wedding.status} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(wedding.guestCount)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
