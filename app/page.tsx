import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { WeddingStatusBadge } from "@/components/wedding-status-badge";
import { Badge } from "@/components/ui/badge";
import { requireIdentity, type UserIdentity } from "@/lib/auth/guards";
import { listBookingSummaries } from "@/lib/bookings/queries";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { listWeddingSummaries } from "@/lib/weddings/queries";
import { getWeddingTotals } from "@/lib/weddings/totals";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const identity = await requireIdentity(["admin", "planner", "vendor"], "/");
  if (identity.role === "vendor") return <VendorBookings identity={identity} />;
  return <Weddings identity={identity} />;
}

async function Weddings({ identity }: { identity: UserIdentity }) {
  const weddings = await listWeddingSummaries(identity);
  const totals = getWeddingTotals(weddings);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Weddings</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {identity.role === "admin" ? "Every wedding of every planner" : "Every wedding you plan"}, soonest first.
        </p>
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

async function VendorBookings({ identity }: { identity: UserIdentity }) {
  const bookings = await listBookingSummaries(identity);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Your bookings</h1>
        <p className="mt-1 text-sm text-ink-muted">The weddings that booked you, soonest first.</p>
      </div>
      {bookings.length === 0 ? (
        <EmptyState
          title="No bookings yet"
          description="When a planner books you for a wedding, it appears here with its date and status."
        />
      ) : (
        <Table label="Bookings">
          <TableCaption className="sr-only">Your bookings, soonest first</TableCaption>
          <TableHeader>
            <tr>
              <TableHead>Wedding</TableHead>
              <TableHead>Date</TableHead>
              <TableHead>Status</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {bookings.map((booking) => (
              <TableRow key={`${booking.id}-${booking.eventDate}`}>
                <TableHead scope="row" className="font-medium text-ink">
                  {booking.weddingName}
                </TableHead>
                <TableCell className="whitespace-nowrap">
                  <time dateTime={booking.eventDate}>{formatDate(booking.eventDate)}</time>
                </TableCell>
                <TableCell>
                  <Badge>{booking.status}</Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
