import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportForm } from "@/components/guests/import-form";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { GUEST_CSV_COLUMNS } from "@/lib/guests/csv";
import { getWeddingHead } from "@/lib/guests/queries";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import guests" };

const COLUMN_HELP: Record<(typeof GUEST_CSV_COLUMNS)[number], string> = {
  household: "Required. Guests with the same household name form one party; a new name creates the household.",
  plus_one_allowance:
    "0 to 20 plus-ones per event for the household. Empty keeps the household's allowance (0 when new).",
  full_name: "Required.",
  email: "Optional. Unique within the wedding.",
  phone: "Optional: digits, spaces and + ( ) - . /",
  dietary_preference: "Optional, e.g. Vegetarian.",
};

export default async function ImportGuestsPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/guests/import`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const weddingId = parsed.data.id;
  const wedding = await getWeddingHead(identity, weddingId);
  if (!wedding) notFound();

  return (
    <div className="space-y-8">
      <div>
        <Link
          href={`/weddings/${weddingId}/guests`}
          className={cx("inline-flex rounded-sm text-sm text-ink-muted underline hover:text-ink", focusRing)}
        >
          <span aria-hidden="true">←&nbsp;</span>All guests
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">Import guests</h1>
        <p className="mt-1 text-sm text-ink-muted">{wedding.name}</p>
      </div>

      <Card aria-labelledby="import-heading">
        <CardTitle id="import-heading">Upload a CSV file</CardTitle>
        <CardDescription>
          Every row is checked first. If any row has a problem, nothing is imported and each problem is listed by row
          (as your spreadsheet numbers them, the header is row 1) and column.
        </CardDescription>
        <div className="mt-4">
          <ImportForm weddingId={weddingId} />
        </div>
      </Card>

      <section aria-labelledby="format-heading" className="space-y-3 text-sm text-ink">
        <h2 id="format-heading" className="text-lg font-semibold">
          The file
        </h2>
        <p>
          The first row names the columns, in any order: <code>{GUEST_CSV_COLUMNS.join(",")}</code>. The{" "}
          <a href={`/weddings/${weddingId}/guests/export`} download className={cx("rounded-sm underline", focusRing)}>
            export
          </a>{" "}
          has exactly these columns, so you can export, edit and import again.
        </p>
        <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[12rem_1fr]">
          {GUEST_CSV_COLUMNS.map((column) => (
            <div key={column} className="contents">
              <dt>
                <code>{column}</code>
              </dt>
              <dd className="text-ink-muted">{COLUMN_HELP[column]}</dd>
            </div>
          ))}
        </dl>
        <h3 className="pt-2 font-semibold">Guests who are already there</h3>
        <p className="text-ink-muted">
          A row is the same guest as an existing one with the same email address (ignoring case), or else with the same
          name in the same household. That guest is updated from the row (name, household, and every contact cell that
          is not empty); empty cells keep what is stored. The summary counts them as &ldquo;already there&rdquo;,
          updated or unchanged. Two rows for the same guest, or plus-ones beyond a household&apos;s allowance, are
          errors.
        </p>
      </section>
    </div>
  );
}
