"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { createInstallment, deleteInstallment } from "./installments";
import { recordPayment, refundPayment, setPaymentStatus } from "./payments";
import {
  ZCreateInstallmentSchema,
  ZDeleteInstallmentSchema,
  ZRecordPaymentSchema,
  ZRefundPaymentSchema,
  ZSetPaymentStatusSchema,
} from "./schema";

// The payments page's server actions. Only these are callable from the
// browser; the functions they call take the identity, so they are not. A
// schedule or payment change shows on the reconciliation page, the overview
// and the cockpit (overdue money) too.

const ROLES = ["planner", "admin"] as const;

function revalidateWedding(weddingId: number) {
  revalidatePath(`/weddings/${weddingId}/payments`);
  revalidatePath(`/weddings/${weddingId}`);
  revalidatePath("/weddings");
  revalidatePath("/payments");
}

export const createInstallmentAction = userAction(ROLES, ZCreateInstallmentSchema, async (input, identity) => {
  const result = await createInstallment(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const deleteInstallmentAction = userAction(ROLES, ZDeleteInstallmentSchema, async (input, identity) => {
  const result = await deleteInstallment(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const recordPaymentAction = userAction(ROLES, ZRecordPaymentSchema, async (input, identity) => {
  const result = await recordPayment(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const setPaymentStatusAction = userAction(ROLES, ZSetPaymentStatusSchema, async (input, identity) => {
  const result = await setPaymentStatus(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const refundPaymentAction = userAction(ROLES, ZRefundPaymentSchema, async (input, identity) => {
  const result = await refundPayment(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});
