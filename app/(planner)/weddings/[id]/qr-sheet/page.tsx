import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/rsvp/print-button";
import { QrCodeSvg } from "@/components/rsvp/qr-code-svg";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireIdentity } from "@/lib/auth/guards";
import { formatCount } from "@/lib/format/count";
import { formatDate } from "@/lib/format/date";
import { getWeddingQrSheet, resolveAppOrigin } from "@/lib/rsvp/qr";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "RSVP QR codes", referrer: "no-referrer" };

// On paper only the cards: no site header, no buttons, two cards a row.
const printStyles = `
@page { margin: 12mm; }
@media print {
  body:has(.qr-sheet) { background: #fff; }
  body:has(.qr-sheet) > header, body:has(.qr-sheet) > a[href="#main"] { display: none; }
  body:has(.qr-sheet) > main { max-width: none; padding: 0; }
}`;

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export default async function QrSheetPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/qr-sheet`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const sheet = await getWeddingQrSheet(identity, weddingId, resolveAppOrigin(await requestOrigin()));
  if (!sheet) notFound();

  return (
    <div className="qr-sheet space-y-6 print:space-y-4">
      <style>{printStyles}</style>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-ink print:text-black">{sheet.weddingName}</h1>
          <p className="mt-1 text-sm text-ink-muted print:text-black">
            RSVP QR codes · <time dateTime={sheet.weddingDate}>{formatDate(sheet.weddingDate)}</time> ·{" "}
            {formatCount(sheet.households.length)} households
          </p>
        </div>
        <PrintButton className="print:hidden" />
      </div>

      {sheet.households.length === 0 ? (
        <EmptyState
          title="No households yet"
          description="Add households and their guests to this wedding, then come back here to print their QR codes."
        />
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 print:grid-cols-2 print:gap-3">
          {sheet.households.map((household) => (
            <li
              key={household.id}
              className="flex break-inside-avoid flex-col items-center rounded-lg border border-line bg-surface p-4 text-center print:border-neutral-400 print:bg-white print:text-black"
            >
              <h2 className="font-semibold text-ink print:text-black">{household.name}</h2>
              <p className="text-xs text-ink-muted print:text-black">
                {household.guestNames.join(", ") || "No guests"}
              </p>
              {household.url ? (
                <>
                  <QrCodeSvg
                    value={household.url}
                    label={`QR code for ${household.name}'s RSVP link`}
                    className="my-3 size-40 print:size-44"
                  />
                  <p className="font-mono text-[11px] break-all text-ink-muted print:text-black">{household.url}</p>
                  <p className="mt-3 flex gap-2 print:hidden">
                    <a
                      href={`/weddings/${weddingId}/qr/${household.id}?format=png`}
                      download
                      className={buttonClasses("secondary", "min-h-9 px-3 text-xs")}
                    >
                      PNG<span className="sr-only"> for {household.name}</span>
                    </a>
                    <a
                      href={`/weddings/${weddingId}/qr/${household.id}?format=svg`}
                      download
                      className={buttonClasses("secondary", "min-h-9 px-3 text-xs")}
                    >
                      SVG<span className="sr-only"> for {household.name}</span>
                    </a>
                  </p>
                </>
              ) : (
                <p className="my-6 text-sm text-ink-muted">Add a guest to this household to get its link.</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
