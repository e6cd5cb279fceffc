"use client";

import { QuickActionForm } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { answerProposalAction } from "@/lib/proposals/actions";

/** Accept or decline, each confirmed first: the answer cannot be taken back. */
export function AnswerProposal({ proposalId, weddingName }: { proposalId: number; weddingName: string }) {
  return (
    <div className="flex flex-wrap gap-3">
      <QuickActionForm
        action={answerProposalAction}
        label={`Accept proposal ${proposalId}`}
        fields={{ proposalId, decision: "Accepted" }}
        confirm={`Accept this proposal for ${weddingName}? It becomes a contract and cannot be undone.`}
      >
        <Button type="submit">Accept proposal</Button>
      </QuickActionForm>
      <QuickActionForm
        action={answerProposalAction}
        label={`Decline proposal ${proposalId}`}
        fields={{ proposalId, decision: "Declined" }}
        confirm={`Decline this proposal for ${weddingName}? This cannot be undone.`}
      >
        <Button type="submit" variant="secondary">
          Decline
        </Button>
      </QuickActionForm>
    </div>
  );
}
