"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { answerProposal, sendProposal, setContractStatus } from "./proposals";
import { ZAnswerProposalSchema, ZSendProposalSchema, ZSetContractStatusSchema } from "./schema";

// The proposal forms' server actions. Planners send and close contracts;
// vendors answer. Who may touch which row is decided by the database.

export const sendProposalAction = userAction(["planner"], ZSendProposalSchema, async (input, identity) => {
  const result = await sendProposal(identity, input);
  revalidatePath(`/weddings/${input.weddingId}/vendors`);
  return result;
});

export const answerProposalAction = userAction(["vendor"], ZAnswerProposalSchema, async (input, identity) => {
  const result = await answerProposal(identity, input);
  revalidatePath("/vendor", "layout");
  return result;
});

export const setContractStatusAction = userAction(
  ["planner", "admin"],
  ZSetContractStatusSchema,
  async (input, identity) => {
    const result = await setContractStatus(identity, input);
    revalidatePath(`/weddings/${input.weddingId}/vendors`);
    return result;
  },
);
