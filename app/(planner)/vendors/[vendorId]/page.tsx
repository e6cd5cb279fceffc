import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatAmount } from "@/components/budget/money";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BookForWeddingForm } from "@/components/vendors/book-for-wedding-form";
import { requireIdentity } from "@/lib/auth/guards";
import { getVendorDetail, listUpcomingWeddings } from "@/lib/vendors/queries";
import { parseVendorId, priceBandLabel } from "@/lib/vendors/schema";

export const metadata: Metadata = { title: "Vendor" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ vendorId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function VendorPage({ params, searchParams }: Props) {
  const raw = (await params).vendorId;
  const identity = await requireIdentity(["planner", "admin"], `/vendors/${encodeURIComponent(raw)}`);
  const vendorId = parseVendorId(raw);
  if (vendorId === null) notFound();
  const today = new Date().toISOString().slice(0, 10);
  const [detail, weddings] = await Promise.all([
    getVendorDetail(identity, vendorId),
    listUpcomingWeddings(identity, today),
  ]);
  if (!detail) notFound();
  const { vendor, packages } = detail;
  const askedToChoose = (await searchParams).book === "choose";

  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/vendors" className="text-brand-700 underline dark:text-brand-200">
            ← All vendors
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">{vendor.name}</h1>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-ink-muted">
          <Badge tone="brand">{vendor.serviceCategory}</Badge>
          <span>{vendor.region}</span>
          <span aria-label={`Price band ${vendor.priceBand} of 4`}>{priceBandLabel(vendor.priceBand)}</span>
          {vendor.status !== "Active" ? <Badge tone="warning">{vendor.status}</Badge> : null}
        </p>
      </div>

      {vendor.description ? (
        <p className="max-w-prose whitespace-pre-line text-ink">{vendor.description}</p>
      ) : (
        <p className="text-ink-muted">This vendor has not written a description yet.</p>
      )}

      <section className="space-y-3" aria-labelledby="packages-heading">
        <h2 id="packages-heading" className="text-lg font-semibold text-ink">
          Packages
        </h2>
        {packages.length === 0 ? (
          <EmptyState
            title="No packages listed"
            description="Ask the vendor for a quote when you book: the booking page lets you agree on a price."
          />
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {packages.map((item) => (
              <li key={item.id} className="rounded-lg border border-line bg-surface p-4">
                <div className="flex items-baseline justify-between gap-3">
                  <h3 className="font-medium text-ink">{item.name}</h3>
                  <p className="font-semibold whitespace-nowrap text-ink tabular-nums">
                    {formatAmount(item.price, "EUR")}
                  </p>
                </div>
                {item.description ? <p className="mt-1 text-sm text-ink-muted">{item.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Card>
        <CardTitle>Book for a wedding</CardTitle>
        <CardDescription>
          Choose one of your upcoming weddings; its booking page opens with this vendor.
        </CardDescription>
        {askedToChoose ? (
          <Alert tone="warning" className="mt-4">
            Choose a wedding from the list first.
          </Alert>
        ) : null}
        <div className="mt-4">
          {vendor.status !== "Active" ? (
            <p className="text-sm text-ink-muted">Only active vendors can be booked.</p>
          ) : weddings.length === 0 ? (
            <p className="text-sm text-ink-muted">
              You have no upcoming weddings in planning.{" "}
              <Link href="/weddings" className="underline">
                Go to your weddings
              </Link>
              .
            </p>
          ) : (
            <BookForWeddingForm vendorId={vendor.id} weddings={weddings} />
          )}
        </div>
      </Card>
    </div>
  );
}
