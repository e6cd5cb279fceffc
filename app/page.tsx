import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireIdentity, type UserIdentity } from "@/lib/auth/guards";
import { listBookingSummaries } from "@/lib/bookings/queries";
import { formatDate } from "@/lib/format/date";

export const dynamic = "force-dynamic";

// Planners and admins work from the cockpit; vendors see the weddings that booked them.
export default async function HomePage() {
  const identity = await requireIdentity(["admin", "planner", "vendor"], "/");
  if (identity.role !== "vendor") redirect("/weddings");
  return <VendorBookings identity={identity} />;
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
