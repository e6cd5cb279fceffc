import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getVendorHome } from "@/lib/vendor-portal/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your bookings" };

const linkClasses = cx("rounded-sm font-medium text-brand-700 underline dark:text-brand-200", focusRing);

// A vendor's home: the weddings that booked them (day, wedding, venue, status),
// and what waits for them. Never a guest list or a budget: the database shows
// a vendor none of those rows.
export default async function VendorHomePage() {
  const identity = await requireIdentity(["vendor"], "/vendor");
  const home = await getVendorHome(identity);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Your bookings</h1>
        <p className="mt-1 text-sm text-ink-muted">The weddings that booked you, soonest first.</p>
      </div>

      <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm" aria-label="Waiting for you">
        <li>
          <Link href="/vendor/proposals" className={linkClasses}>
            {home.openProposals === 0
              ? "No proposals waiting"
              : `${formatCount(home.openProposals)} proposal${home.openProposals === 1 ? "" : "s"} waiting for your answer`}
          </Link>
        </li>
        <li>
          <Link href="/vendor/messages" className={linkClasses}>
            {home.unreadMessages === 0
              ? "No unread messages"
              : `${formatCount(home.unreadMessages)} unread message${home.unreadMessages === 1 ? "" : "s"}`}
          </Link>
        </li>
      </ul>

      {home.bookings.length === 0 ? (
        <EmptyState
          title="No bookings yet"
          description="When a planner books you for a wedding, it appears here with its date, venue and status."
        />
      ) : (
        <Table label="Bookings">
          <TableCaption className="sr-only">Your bookings, soonest first</TableCaption>
          <TableHeader>
            <tr>
              <TableHead>Wedding</TableHead>
              <TableHead>Date</TableHead>
              <TableHead>Venue</TableHead>
              <TableHead>Status</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {home.bookings.map((booking) => (
              <TableRow key={`${booking.id}-${booking.eventDate}`}>
                <TableHead scope="row" className="font-medium text-ink">
                  {booking.weddingName}
                </TableHead>
                <TableCell className="whitespace-nowrap">
                  <time dateTime={booking.eventDate}>{formatDate(booking.eventDate)}</time>
                </TableCell>
                <TableCell>{booking.venue ?? <span className="text-ink-muted">Not booked yet</span>}</TableCell>
                <TableCell>
                  <Badge
                    tone={
                      booking.status === "Cancelled" ? "danger" : booking.status === "Confirmed" ? "success" : "neutral"
                    }
                  >
                    {booking.status}
                  </Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
