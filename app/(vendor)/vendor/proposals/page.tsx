import type { Metadata } from "next";
import { AnswerProposal } from "@/components/proposals/answer-proposal";
import { ProposalCard } from "@/components/proposals/proposal-card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireIdentity } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/date";
import { listVendorProposals } from "@/lib/proposals/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Proposals" };

export default async function VendorProposalsPage() {
  const identity = await requireIdentity(["vendor"], "/vendor/proposals");
  const proposals = await listVendorProposals(identity);
  const waiting = proposals.filter((p) => p.status === "Sent" && !p.expired).length;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Proposals</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {waiting === 0 ? "Nothing waits for your answer." : `${waiting} waiting for your answer.`} An accepted
          proposal becomes a contract; a proposal past its validity day can no longer be answered.
        </p>
      </div>
      {proposals.length === 0 ? (
        <EmptyState
          title="No proposals yet"
          description="When a planner sends you a proposal for a wedding, it appears here for you to accept or decline."
        />
      ) : (
        <div className="space-y-4">
          {proposals.map((proposal) => (
            <ProposalCard
              key={proposal.id}
              proposal={proposal}
              heading={`${proposal.weddingName} · ${formatDate(proposal.weddingDate)}`}
              actions={
                proposal.status === "Sent" && !proposal.expired ? (
                  <AnswerProposal proposalId={proposal.id} weddingName={proposal.weddingName} />
                ) : null
              }
            />
          ))}
        </div>
      )}
    </div>
  );
}
