"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { createBudgetLine, deleteBudgetLine, updateBudgetLine } from "./budget-lines";
import { createExpense, deleteExpense, setExpenseStatus, updateExpense } from "./expenses";
import {
  ZCreateBudgetLineSchema,
  ZCreateExpenseSchema,
  ZDeleteBudgetLineSchema,
  ZDeleteExpenseSchema,
  ZSetExpenseStatusSchema,
  ZUpdateBudgetLineSchema,
  ZUpdateExpenseSchema,
} from "./schema";

// The budget page's server actions. Only these are callable from the browser;
// the functions they call take the identity, so they are not. A change to the
// budget or to approved spend shows on the overview and the cockpit too.

const ROLES = ["planner", "admin"] as const;

function revalidateWedding(weddingId: number) {
  revalidatePath(`/weddings/${weddingId}/budget`);
  revalidatePath(`/weddings/${weddingId}`);
  revalidatePath("/weddings");
}

export const createBudgetLineAction = userAction(ROLES, ZCreateBudgetLineSchema, async (input, identity) => {
  const result = await createBudgetLine(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const updateBudgetLineAction = userAction(ROLES, ZUpdateBudgetLineSchema, async (input, identity) => {
  const result = await updateBudgetLine(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const deleteBudgetLineAction = userAction(ROLES, ZDeleteBudgetLineSchema, async (input, identity) => {
  const result = await deleteBudgetLine(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const createExpenseAction = userAction(ROLES, ZCreateExpenseSchema, async (input, identity) => {
  const result = await createExpense(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const updateExpenseAction = userAction(ROLES, ZUpdateExpenseSchema, async (input, identity) => {
  const result = await updateExpense(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const setExpenseStatusAction = userAction(ROLES, ZSetExpenseStatusSchema, async (input, identity) => {
  const result = await setExpenseStatus(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const deleteExpenseAction = userAction(ROLES, ZDeleteExpenseSchema, async (input, identity) => {
  const result = await deleteExpense(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});
