import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingHistory } from "@/components/bookings/booking-history";
import { BookingStatusFilter, BookingTable } from "@/components/bookings/booking-table";
import { ReserveForm } from "@/components/bookings/reserve-form";
import { AddressNotes } from "@/components/ui/address-notes";
import { Alert } from "@/components/ui/alert";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { requireIdentity } from "@/lib/auth/guards";
import { getVenueBookedDays } from "@/lib/bookings/queries";
import { availabilityWindow, parseBookingsSearchParams, todayUtc } from "@/lib/bookings/schema";
import { getWeddingBookingsPage } from "@/lib/bookings/wedding-bookings";
import { formatDate } from "@/lib/format/date";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";
import type { RawSearchParams } from "@/lib/url/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Bookings" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

export default async function BookingsPage({ params, searchParams }: Props) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/bookings`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const { params: filters, preselect, notes } = parseBookingsSearchParams(await searchParams);
  const page = await getWeddingBookingsPage(identity, weddingId, filters);
  if (!page) notFound();

  const { wedding } = page;
  const choices = preselect?.kind === "venue" ? page.venues : page.vendors;
  const preselectKnown = preselect !== null && choices.some((choice) => choice.id === preselect.id);
  const closed = wedding.status === "Cancelled" || wedding.status === "Completed";
  // A venue chosen in advance: its taken days around the wedding, from every planner's bookings.
  const around = availabilityWindow(wedding.weddingDate);
  const preselectedVenue =
    preselect?.kind === "venue" && preselectKnown ? page.venues.find((venue) => venue.id === preselect.id) : undefined;
  const venueDays = preselectedVenue
    ? await getVenueBookedDays(identity, preselectedVenue.id, around.from, around.to)
    : null;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Bookings</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {wedding.name} · wedding on {formatDate(wedding.weddingDate)} · amounts in {wedding.currency}
        </p>
      </div>

      <AddressNotes notes={notes} />
      {preselect && !preselectKnown ? (
        <Alert tone="warning">
          The {preselect.kind} you came here to book is not in the list: it does not exist or takes no bookings at the
          moment. Choose another below.
        </Alert>
      ) : null}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-ink">Reserved</h2>
        <BookingStatusFilter weddingId={weddingId} params={filters} counts={page.statusCounts} />
        <BookingTable
          weddingId={weddingId}
          currency={wedding.currency}
          bookings={page.bookings}
          filtered={filters.status !== undefined}
        />
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold text-ink">Booking history of {wedding.couple}</h2>
        <BookingHistory weddingId={weddingId} couple={wedding.couple} history={page.history} />
      </section>

      <Card>
        <CardTitle>Reserve a venue or vendor</CardTitle>
        <CardDescription>
          A venue takes one wedding a day, and so does a vendor marked “one event a day”; whoever books first gets the
          day.
        </CardDescription>
        <div className="mt-4">
          {preselectedVenue && venueDays ? (
            <p className="mb-4 text-sm text-ink-muted" data-testid="venue-availability">
              {venueDays.length === 0
                ? `${preselectedVenue.name} has no bookings between ${formatDate(around.from)} and ${formatDate(around.to)}.`
                : `${preselectedVenue.name} is booked on ${venueDays.map((day) => formatDate(day)).join(", ")} (between ${formatDate(around.from)} and ${formatDate(around.to)}).`}
              {venueDays.includes(wedding.weddingDate) ? " The wedding day is taken." : ""}
            </p>
          ) : null}
          {closed ? (
            <Alert tone="info">This wedding is {wedding.status.toLowerCase()}, so it takes no new bookings.</Alert>
          ) : (
            <ReserveForm
              weddingId={weddingId}
              currency={wedding.currency}
              expectedGuests={wedding.expectedGuests}
              venues={page.venues}
              vendors={page.vendors}
              preselect={preselectKnown ? preselect : null}
              today={todayUtc()}
            />
          )}
        </div>
      </Card>
    </div>
  );
}
