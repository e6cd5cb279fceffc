import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NewConversationForm } from "@/components/messages/new-conversation-form";
import { ContractStatusButtons } from "@/components/proposals/contract-status";
import { ProposalCard } from "@/components/proposals/proposal-card";
import { SendProposalForm } from "@/components/proposals/send-proposal-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { requireIdentity } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/date-time";
import { getWeddingVendorsPage } from "@/lib/proposals/queries";
import { ZWeddingParamsSchema } from "@/lib/rsvp/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vendors" };

type Props = { params: Promise<{ id: string }> };

// A wedding's vendors from the planner's side: the proposals sent and the
// contracts they became, the conversations with unread counts, and the forms
// to send a proposal or write to a vendor.
export default async function WeddingVendorsPage({ params }: Props) {
  const raw = await params;
  const identity = await requireIdentity(["planner", "admin"], `/weddings/${encodeURIComponent(raw.id)}/vendors`);
  const parsed = ZWeddingParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const page = await getWeddingVendorsPage(identity, parsed.data.id);
  if (!page) notFound();
  const { wedding } = page;
  const canWrite = identity.role === "planner";

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">
          Vendors{" "}
          <span className="text-base font-normal text-ink-muted" data-testid="unread-count">
            ({page.unread} unread)
          </span>
        </h1>
        <p className="mt-1 text-sm text-ink-muted">
          {wedding.name} · proposals, contracts and conversations with vendors · amounts in {wedding.currency}
        </p>
      </div>

      <section className="space-y-3" aria-labelledby="proposals-heading">
        <h2 id="proposals-heading" className="text-lg font-semibold text-ink">
          Proposals and contracts
        </h2>
        {page.proposals.length === 0 ? (
          <EmptyState
            title="No proposals yet"
            description="Send a vendor a proposal below: they accept or decline it in their portal, and an accepted one becomes a contract here."
          />
        ) : (
          page.proposals.map((proposal) => (
            <ProposalCard
              key={proposal.id}
              proposal={proposal}
              heading={
                <Link
                  href={`/weddings/${wedding.id}/vendors/${proposal.vendorId}`}
                  className={cx("rounded-sm hover:underline", focusRing)}
                >
                  {proposal.vendorName}
                </Link>
              }
              actions={
                canWrite && proposal.contract?.status === "Active" ? (
                  <ContractStatusButtons
                    weddingId={wedding.id}
                    contractId={proposal.contract.id}
                    vendorName={proposal.vendorName}
                  />
                ) : null
              }
            />
          ))
        )}
      </section>

      <section className="space-y-3" aria-labelledby="conversations-heading">
        <h2 id="conversations-heading" className="text-lg font-semibold text-ink">
          Conversations
        </h2>
        {page.threads.length === 0 ? (
          <p className="text-sm text-ink-muted">No conversations yet. Write to a vendor below, or send a proposal.</p>
        ) : (
          <ul className="divide-y divide-line rounded-lg border border-line bg-surface" aria-label="Conversations">
            {page.threads.map((thread) => (
              <li key={thread.id}>
                <Link
                  href={`/weddings/${wedding.id}/vendors/${thread.vendorId}`}
                  className={cx(
                    "flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-surface-muted",
                    focusRing,
                  )}
                >
                  <span>
                    <span className="font-medium text-ink">{thread.vendorName}</span>
                    <span className="block text-sm text-ink-muted">
                      {thread.serviceCategory} · {thread.messageCount} message{thread.messageCount === 1 ? "" : "s"}
                      {thread.lastMessageAt ? ` · last ${formatDateTime(thread.lastMessageAt)}` : ""}
                    </span>
                  </span>
                  {thread.unread > 0 ? <Badge tone="brand">{thread.unread} unread</Badge> : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canWrite ? (
        <>
          <Card>
            <CardTitle>Send a proposal</CardTitle>
            <CardDescription>
              The vendor sees it in their portal and may accept it until the day you choose. Once sent, it cannot be
              changed.
            </CardDescription>
            <div className="mt-4">
              {wedding.open ? (
                <SendProposalForm
                  weddingId={wedding.id}
                  currency={wedding.currency}
                  vendors={page.vendors}
                  today={page.today}
                />
              ) : (
                <p className="text-sm text-ink-muted">
                  This wedding is completed or cancelled: it takes no new proposals.
                </p>
              )}
            </div>
          </Card>
          <Card>
            <CardTitle>Write to a vendor</CardTitle>
            <CardDescription>Starts a conversation about this wedding, or adds to the one you have.</CardDescription>
            <div className="mt-4">
              <NewConversationForm weddingId={wedding.id} vendors={page.vendors} />
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
