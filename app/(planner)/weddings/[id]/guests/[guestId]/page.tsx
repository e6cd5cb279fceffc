import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PrivacySection } from "@/components/gdpr/privacy-section";
import { DeleteGuestForm, EditGuestForm } from "@/components/guests/guest-forms";
import { InvitationToggle, RsvpForm } from "@/components/guests/rsvp-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/date";
import { formatDateTime } from "@/lib/format/date-time";
import { getGuestDetail } from "@/lib/guests/queries";
import { zId } from "@/lib/guests/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Guest" };

const ZParams = z.object({ id: zId("a wedding"), guestId: zId("a guest") });

type Props = { params: Promise<{ id: string; guestId: string }> };

export default async function GuestPage({ params }: Props) {
  const raw = await params;
  const identity = await requireIdentity(
    ["planner", "admin"],
    `/weddings/${encodeURIComponent(raw.id)}/guests/${encodeURIComponent(raw.guestId)}`,
  );
  const parsed = ZParams.safeParse(raw);
  if (!parsed.success) notFound();
  const { id: weddingId, guestId } = parsed.data;
  const detail = await getGuestDetail(identity, weddingId, guestId);
  if (!detail) notFound();
  const { guest, events } = detail;
  const households = detail.households.map((h) => ({ id: h.id, name: h.name }));
  const householdPlusOnes = new Map(detail.householdPlusOnes.map((p) => [p.eventId, p.plusOnes]));

  return (
    <div className="space-y-8">
      <div>
        <Link
          href={`/weddings/${weddingId}/guests`}
          className={cx("inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink", focusRing)}
        >
          <span aria-hidden="true">←&nbsp;</span>All guests
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">{guest.fullName}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {guest.householdName} · {detail.wedding.name} · plus-one allowance {detail.householdAllowance} per event
        </p>
      </div>

      <Card aria-labelledby="details-heading">
        <CardTitle id="details-heading">Details</CardTitle>
        <CardDescription>Moving a guest to another household takes their plus-ones along.</CardDescription>
        <div className="mt-4">
          <EditGuestForm weddingId={weddingId} guest={guest} households={households} />
        </div>
      </Card>

      <section aria-labelledby="rsvps-heading" className="space-y-4">
        <div>
          <h2 id="rsvps-heading" className="text-lg font-semibold text-ink">
            Invitations and answers
          </h2>
          <p className="mt-1 text-sm text-ink-muted">
            Record an answer given by phone or in person. The audit trail shows it as yours.
          </p>
        </div>
        {events.length === 0 ? (
          <p className="text-sm text-ink-muted">This wedding has no events to invite guests to.</p>
        ) : (
          <ul className="space-y-4">
            {events.map((event) => {
              const rsvp = guest.rsvps.find((r) => r.eventId === event.id);
              const others = (householdPlusOnes.get(event.id) ?? 0) - (rsvp?.plusOnes ?? 0);
              return (
                <li key={event.id}>
                  <Card aria-labelledby={`event-${event.id}-heading`}>
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div>
                        <CardTitle id={`event-${event.id}-heading`}>{event.name}</CardTitle>
                        <CardDescription>
                          {formatDate(event.date)} · {event.startTime}
                          {rsvp?.respondedAt ? ` · answered ${formatDateTime(rsvp.respondedAt)}` : ""}
                        </CardDescription>
                      </div>
                      {rsvp ? <Badge tone="brand">Invited · {rsvp.status}</Badge> : <Badge>Not invited</Badge>}
                    </div>
                    <div className="mt-4 space-y-4">
                      {rsvp ? (
                        <RsvpForm
                          weddingId={weddingId}
                          guestName={guest.fullName}
                          event={event}
                          rsvp={rsvp}
                          maxPlusOnes={detail.householdAllowance - others}
                        />
                      ) : null}
                      <InvitationToggle
                        weddingId={weddingId}
                        guestId={guest.id}
                        guestName={guest.fullName}
                        event={event}
                        invited={Boolean(rsvp)}
                      />
                    </div>
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="delete-heading" className="space-y-2">
        <h2 id="delete-heading" className="text-lg font-semibold text-ink">
          Delete
        </h2>
        <DeleteGuestForm weddingId={weddingId} guest={guest} />
      </section>

      <PrivacySection subject="guest" weddingId={weddingId} guestId={guest.id} name={guest.fullName} />
    </div>
  );
}
