"use client";

import { QuickActionForm } from "@/components/budget/form-parts";
import { Button } from "@/components/ui/button";
import { setContractStatusAction } from "@/lib/proposals/actions";

/** The planner closes an active contract: completed, or cancelled. */
export function ContractStatusButtons({
  weddingId,
  contractId,
  vendorName,
}: {
  weddingId: number;
  contractId: number;
  vendorName: string;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <QuickActionForm
        action={setContractStatusAction}
        label={`Mark the contract with ${vendorName} completed`}
        fields={{ weddingId, contractId, status: "Completed" }}
        confirm={`Mark the contract with ${vendorName} as completed?`}
      >
        <Button type="submit" variant="secondary">
          Mark completed
        </Button>
      </QuickActionForm>
      <QuickActionForm
        action={setContractStatusAction}
        label={`Cancel the contract with ${vendorName}`}
        fields={{ weddingId, contractId, status: "Cancelled" }}
        confirm={`Cancel the contract with ${vendorName}? This cannot be undone.`}
      >
        <Button type="submit" variant="ghost">
          Cancel contract
        </Button>
      </QuickActionForm>
    </div>
  );
}
