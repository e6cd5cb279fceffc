import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/rsvp/print-button";
import { buttonClasses } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getCatererReport, type CatererEvent } from "@/lib/guests/caterer";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Caterer summary" };

// On paper only the figures: no site header, navigation or buttons; each
// event on its own page.
const printStyles = `
@page { margin: 15mm; }
@media print {
  body:has(.caterer-sheet) { background: #fff; color: #000; }
  body:has(.caterer-sheet) > header, body:has(.caterer-sheet) > a[href="#main"] { display: none; }
  body:has(.caterer-sheet) > main { max-width: none; padding: 0; }
  .caterer-sheet .caterer-event { break-inside: avoid; page-break-inside: avoid; }
  .caterer-sheet .caterer-event + .caterer-event { break-before: page; }
  .caterer-sheet [role="region"] { overflow: visible; border-color: #999; }
}`;

function CountTable({ label, head, rows }: { label: string; head: string; rows: { item: string; count: number }[] }) {
  return (
    <Table label={label}>
      <TableCaption>{label}</TableCaption>
      <TableHeader>
        <tr>
          <TableHead>{head}</TableHead>
          <TableHead className="text-right">Count</TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.item}>
            <TableCell>{row.item}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(row.count)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function EventSheet({ weddingId, event }: { weddingId: number; event: CatererEvent }) {
  const meals = event.meals.map((m) => ({ item: m.meal, count: m.count }));
  if (event.offersMeal && event.plusOnes > 0)
    meals.push({ item: "Plus-ones (meal not recorded)", count: event.plusOnes });
  return (
    <section
      aria-labelledby={`caterer-event-${event.id}`}
      className="caterer-event space-y-4 rounded-lg border border-line bg-surface p-4 sm:p-6 print:border-0 print:p-0"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`caterer-event-${event.id}`} className="text-lg font-semibold text-ink print:text-black">
            {event.name}
          </h2>
          <p className="text-sm text-ink-muted print:text-black">
            {event.eventType} · {formatDate(event.date)} · {event.startTime}
            {event.location ? ` · ${event.location}` : ""}
          </p>
        </div>
        <a
          href={`/weddings/${weddingId}/caterer/export?event=${event.id}`}
          download
          className={buttonClasses("secondary", "print:hidden")}
        >
          CSV<span className="sr-only"> for {event.name}</span>
        </a>
      </div>
      <dl className="grid grid-cols-3 gap-3" aria-label={`Headcount for ${event.name}`}>
        {[
          ["Headcount", event.headcount],
          ["Accepted guests", event.acceptedGuests],
          ["Plus-ones", event.plusOnes],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-line p-3 print:border-neutral-400">
            <dt className="text-xs text-ink-muted print:text-black">{label}</dt>
            <dd className="text-2xl font-semibold text-ink tabular-nums print:text-black">
              {formatCount(Number(value))}
            </dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-4 md:grid-cols-2">
        {event.offersMeal || meals.length > 0 ? (
          meals.length > 0 ? (
            <CountTable label={`Meals at ${event.name}`} head="Meal" rows={meals} />
          ) : (
            <p className="text-sm text-ink-muted">No meals chosen yet.</p>
          )
        ) : (
          <p className="text-sm text-ink-muted">No meal is served at this event.</p>
        )}
        {event.dietary.length > 0 ? (
          <CountTable
            label={`Dietary needs at ${event.name}`}
            head="Dietary need"
            rows={event.dietary.map((d) => ({ item: d.need, count: d.count }))}
          />
        ) : (
          <p className="text-sm text-ink-muted">No dietary needs among the accepted guests.</p>
        )}
      </div>
    </section>
  );
}

export default async function CatererPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/caterer`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const report = await getCatererReport(identity, weddingId);
  if (!report) notFound();

  return (
    <div className="caterer-sheet space-y-6">
      <style>{printStyles}</style>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Link
            href={`/weddings/${weddingId}/guests`}
            className={cx(
              "inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink print:hidden",
              focusRing,
            )}
          >
            <span aria-hidden="true">←&nbsp;</span>All guests
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink print:text-black">Caterer summary</h1>
          <p className="mt-1 text-sm text-ink-muted print:text-black">
            {report.wedding.name} · {formatDate(report.wedding.date)} · accepted guests only, no names or contacts
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <a href={`/weddings/${weddingId}/caterer/export`} download className={buttonClasses("secondary")}>
            CSV, all events
          </a>
          <PrintButton />
        </div>
      </div>
      {report.events.length === 0 ? (
        <EmptyState
          title="No events to cater"
          description="Add the wedding's events and invite guests to them; their answers show up here."
        />
      ) : (
        report.events.map((event) => <EventSheet key={event.id} weddingId={weddingId} event={event} />)
      )}
    </div>
  );
}
