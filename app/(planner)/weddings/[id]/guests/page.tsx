import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CreateGuestForm } from "@/components/guests/guest-forms";
import { GuestFilters } from "@/components/guests/guest-filters";
import { GuestTable } from "@/components/guests/guest-table";
import { CreateHouseholdForm, HouseholdEditor } from "@/components/guests/household-forms";
import { AddressNotes } from "@/components/ui/address-notes";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getGuestList } from "@/lib/guests/queries";
import { remindHref } from "@/lib/outbox/schema";
import { parseGuestSearchParams } from "@/lib/guests/schema";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";
import type { RawSearchParams } from "@/lib/url/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Guests" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export default async function GuestsPage({ params, searchParams }: Props) {
  const raw = await params;
  const { filters, notes } = parseGuestSearchParams(await searchParams);
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/guests`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const list = await getGuestList(identity, weddingId, filters);
  if (!list) notFound();

  const pageNotes = [...notes];
  if (list.ignoredEventFilter) {
    pageNotes.push("Ignored the event filter: that event is not in this wedding, or it is cancelled.");
  }
  const filtered = Boolean(filters.q || (filters.event !== undefined && !list.ignoredEventFilter));
  const households = list.households.map((h) => ({ id: h.id, name: h.name }));

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-ink">Guests</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {list.wedding.name} · {plural(list.totalGuests, "guest")} in {plural(list.households.length, "household")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`/weddings/${weddingId}/guests/import`} className={buttonClasses("secondary")}>
            Import CSV
          </Link>
          {/* A file download from a route handler: a plain link, never client-side navigation. */}
          <a href={`/weddings/${weddingId}/guests/export`} download className={buttonClasses("secondary")}>
            Export CSV
          </a>
          <Link href={`/weddings/${weddingId}/caterer`} className={buttonClasses("secondary")}>
            Caterer summary
          </Link>
        </div>
      </div>

      <AddressNotes notes={pageNotes} />

      <section aria-labelledby="event-counts-heading" className="space-y-3">
        <h2 id="event-counts-heading" className="text-lg font-semibold text-ink">
          Invitations per event
        </h2>
        {list.events.length === 0 ? (
          <p className="text-sm text-ink-muted">
            This wedding has no events yet.{" "}
            <Link href={`/weddings/${weddingId}/events`} className={cx("rounded-sm underline", focusRing)}>
              Add an event
            </Link>{" "}
            to invite guests to it.
          </p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {list.events.map((event) => (
              <li
                key={event.id}
                className="rounded-lg border border-line bg-surface p-4"
                aria-label={`${event.name} invitations`}
              >
                <p className="font-medium text-ink">{event.name}</p>
                <p className="text-xs text-ink-muted">
                  {formatDate(event.date)} · {event.startTime}
                </p>
                <p className="mt-2 text-sm text-ink tabular-nums">
                  <span data-testid="invited">{formatCount(event.invited)} invited</span> ·{" "}
                  {formatCount(event.accepted)} accepted · {formatCount(event.declined)} declined ·{" "}
                  {formatCount(event.pending)} pending
                </p>
                {event.pending > 0 ? (
                  <Link
                    href={remindHref(weddingId, event.id)}
                    className={cx("mt-2 inline-flex rounded-sm text-sm underline", focusRing)}
                  >
                    Remind non-responders
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="add-household-heading">
          <CardTitle id="add-household-heading">Add a household</CardTitle>
          <CardDescription>
            The party invited together. Its allowance caps the plus-ones it brings to each event.
          </CardDescription>
          <div className="mt-4">
            <CreateHouseholdForm weddingId={weddingId} />
          </div>
        </Card>
        <Card aria-labelledby="add-guest-heading">
          <CardTitle id="add-guest-heading">Add a guest</CardTitle>
          <CardDescription>Each guest belongs to a household and gets their own RSVP link.</CardDescription>
          <div className="mt-4">
            {households.length === 0 ? (
              <p className="text-sm text-ink-muted">Add a household first, then its guests.</p>
            ) : (
              <CreateGuestForm weddingId={weddingId} households={households} />
            )}
          </div>
        </Card>
      </div>

      <section aria-labelledby="guest-list-heading" className="space-y-4">
        <div>
          <h2 id="guest-list-heading" className="text-lg font-semibold text-ink">
            Guest list
          </h2>
          <p className="mt-1 text-sm text-ink-muted">
            {filtered
              ? `${plural(list.guests.length, "guest matches", "guests match")} the filters.`
              : "Select guests to invite them to an event or take them off one. Open a guest to record their answer."}
          </p>
        </div>
        <GuestFilters weddingId={weddingId} filters={filters} events={list.events} />
        {list.guests.length === 0 ? (
          <EmptyState
            title={filtered ? "No guests match these filters" : "No guests yet"}
            description={
              filtered ? (
                <>
                  Try another search or event.{" "}
                  <Link href={`/weddings/${weddingId}/guests`} className="underline">
                    Show every guest
                  </Link>
                  .
                </>
              ) : (
                "Add a household and its guests above, or import them from a CSV file."
              )
            }
          />
        ) : (
          <GuestTable weddingId={weddingId} events={list.events} rows={list.guests} filters={filters} />
        )}
      </section>

      <section aria-labelledby="households-heading" className="space-y-3">
        <h2 id="households-heading" className="text-lg font-semibold text-ink">
          Households
        </h2>
        {list.households.length === 0 ? (
          <p className="text-sm text-ink-muted">No households yet.</p>
        ) : (
          <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
            {list.households.map((household) => (
              <li key={household.id} className="p-4">
                <details>
                  <summary
                    className={cx(
                      "flex cursor-pointer flex-wrap items-center justify-between gap-2 rounded-sm text-sm",
                      focusRing,
                    )}
                  >
                    <span className="font-medium text-ink">{household.name}</span>
                    <span className="text-ink-muted">
                      {plural(household.guestCount, "guest")} · allowance {household.plusOneAllowance}
                      <span className="sr-only">. Edit or delete</span>
                    </span>
                  </summary>
                  <div className="mt-4">
                    <HouseholdEditor weddingId={weddingId} household={household} />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
