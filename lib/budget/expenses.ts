import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import { requireWedding } from "./budget-lines";
import {
  canMoveExpense,
  type TCreateExpense,
  type TDeleteExpense,
  type TExpenseStatus,
  type TSetExpenseStatus,
  type TUpdateExpense,
} from "./schema";

// Expenses of a wedding, for one of its events or the wedding as a whole.
// Only approved expenses count as spent, so an approved one is locked: it goes
// back to Pending (leaving the spend) before anyone edits or deletes it. Like
// budget lines, every edit compares the version the form was opened with.

type Result = ActionResult<{ message: string }>;

export const EXPENSE_GONE = "This expense does not exist any more. Reload the page.";
export const EXPENSE_CONFLICT =
  "This expense was changed by someone else since you opened it. Reload to see their changes.";
export const EXPENSE_LOCKED = "Approved expenses count as spent and cannot be changed. Move it back to Pending first.";
const EVENT_NOT_IN_WEDDING = "Choose an event of this wedding, or none.";
const VENDOR_UNKNOWN = "Choose a vendor from the list, or none.";

type ExpenseFields = Pick<
  TCreateExpense,
  "category" | "description" | "actualCost" | "eventId" | "vendorId" | "incurredOn"
>;

async function lockExpense(tx: Tx, weddingId: number, expenseId: number, version: string) {
  const [row] = await tx.$queryRaw<{ status: TExpenseStatus; description: string; current: boolean }[]>`
    SELECT status::text AS status, description, updated_at = ${version}::timestamptz AS current
    FROM expense WHERE expense_id = ${expenseId} AND wedding_id = ${weddingId} FOR UPDATE`;
  if (!row) throw new ActionError(EXPENSE_GONE);
  if (!row.current) throw new ActionError(EXPENSE_CONFLICT);
  return row;
}

/**
 * The columns to write, once the event is known to be this wedding's and the
 * vendor one the person can see. A category that matches a budget line in
 * another letter case takes the line's spelling, so its spend lands on it.
 */
async function checkedFields(tx: Tx, weddingId: number, input: ExpenseFields) {
  const fieldErrors: Record<string, string[]> = {};
  if (input.eventId !== undefined) {
    const event = await tx.event.findFirst({ where: { id: input.eventId, weddingId }, select: { id: true } });
    if (!event) fieldErrors.eventId = [EVENT_NOT_IN_WEDDING];
  }
  if (input.vendorId !== undefined) {
    const vendor = await tx.vendor.findUnique({ where: { id: input.vendorId }, select: { id: true } });
    if (!vendor) fieldErrors.vendorId = [VENDOR_UNKNOWN];
  }
  if (Object.keys(fieldErrors).length > 0) throw new ActionError("Please correct the highlighted fields.", fieldErrors);
  const [line] = await tx.$queryRaw<{ category: string }[]>`
    SELECT category FROM budget WHERE wedding_id = ${weddingId} AND lower(category) = lower(${input.category})
    ORDER BY category = ${input.category} DESC LIMIT 1`;
  return {
    category: line?.category ?? input.category,
    description: input.description,
    actualCost: new Prisma.Decimal(input.actualCost),
    eventId: input.eventId ?? null,
    vendorId: input.vendorId ?? null,
    incurredOn: input.incurredOn ? new Date(`${input.incurredOn}T00:00:00Z`) : null,
  };
}

export async function createExpense(identity: UserIdentity, input: TCreateExpense): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await requireWedding(tx, input.weddingId);
    const data = await checkedFields(tx, input.weddingId, input);
    await tx.expense.create({ data: { ...data, weddingId: input.weddingId, status: "Pending" }, select: { id: true } });
    return { ok: true as const, message: `Added the expense “${input.description}”; it waits for approval.` };
  });
}

export async function updateExpense(identity: UserIdentity, input: TUpdateExpense): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const expense = await lockExpense(tx, input.weddingId, input.expenseId, input.version);
    if (expense.status === "Approved") throw new ActionError(EXPENSE_LOCKED);
    const data = await checkedFields(tx, input.weddingId, input);
    await tx.expense.update({ where: { id: input.expenseId }, data, select: { id: true } });
    return { ok: true as const, message: `Saved the expense “${input.description}”.` };
  });
}

const STATUS_DONE: Record<TExpenseStatus, string> = {
  Approved: "Approved; it now counts as spent",
  Rejected: "Rejected; it does not count as spent",
  Pending: "Moved back to Pending; it does not count as spent",
};

export async function setExpenseStatus(identity: UserIdentity, input: TSetExpenseStatus): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const expense = await lockExpense(tx, input.weddingId, input.expenseId, input.version);
    if (!canMoveExpense(expense.status, input.status)) {
      throw new ActionError(
        expense.status === input.status
          ? `This expense is already ${input.status}.`
          : `A ${expense.status.toLowerCase()} expense goes back to Pending before it can be ${input.status.toLowerCase()}.`,
      );
    }
    await tx.expense.update({ where: { id: input.expenseId }, data: { status: input.status }, select: { id: true } });
    return { ok: true as const, message: `${STATUS_DONE[input.status]}: “${expense.description}”.` };
  });
}

export async function deleteExpense(identity: UserIdentity, input: TDeleteExpense): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const expense = await lockExpense(tx, input.weddingId, input.expenseId, input.version);
    if (expense.status === "Approved") throw new ActionError(EXPENSE_LOCKED);
    await tx.expense.delete({ where: { id: input.expenseId }, select: { id: true } });
    return { ok: true as const, message: `Deleted the expense “${expense.description}”.` };
  });
}
