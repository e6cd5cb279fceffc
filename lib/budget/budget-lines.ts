import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TCreateBudgetLine, TDeleteBudgetLine, TUpdateBudgetLine } from "./schema";

// Budget lines, one per category per wedding. Each change is one transaction
// run as the person, so row-level security decides what they may touch and
// the audit trigger records them. Edits carry the version the form was opened
// with; the row is locked and compared before it is written, so a change made
// by someone else in between is never overwritten.

type Result = ActionResult<{ message: string }>;

export const WEDDING_NOT_FOUND = "This wedding does not exist, or it is not yours to change.";
export const BUDGET_LINE_GONE = "This budget line does not exist any more. Reload the page.";
export const BUDGET_LINE_CONFLICT =
  "This budget line was changed by someone else since you opened it. Reload to see their changes.";

export function categoryTakenMessage(existing: string): string {
  return `This wedding already has a budget line for “${existing}”. Change that line instead.`;
}

export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (code === "P2002" || code === "23505") return true;
  return cause !== undefined && cause !== error && isUniqueViolation(cause);
}

/** The wedding, if the person may see it; otherwise the form says it does not exist. */
export async function requireWedding(tx: Tx, weddingId: number): Promise<void> {
  const wedding = await tx.wedding.findUnique({ where: { id: weddingId }, select: { id: true } });
  if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
}

/**
 * The budget line with this category in any letter case. The unique index is
 * case-sensitive, so two people adding "Venue" and "venue" at once would both
 * pass a plain check: the per-wedding advisory lock makes them take turns.
 */
export async function findCategory(tx: Tx, weddingId: number, category: string): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wedding-planner budget category'), ${weddingId}::integer)`;
  const [row] = await tx.$queryRaw<{ category: string }[]>`
    SELECT category FROM budget WHERE wedding_id = ${weddingId} AND lower(category) = lower(${category}) LIMIT 1`;
  return row?.category ?? null;
}

async function lockBudgetLine(tx: Tx, weddingId: number, budgetId: number, version: string) {
  const [row] = await tx.$queryRaw<{ category: string; current: boolean }[]>`
    SELECT category, updated_at = ${version}::timestamptz AS current
    FROM budget WHERE budget_id = ${budgetId} AND wedding_id = ${weddingId} FOR UPDATE`;
  if (!row) throw new ActionError(BUDGET_LINE_GONE);
  if (!row.current) throw new ActionError(BUDGET_LINE_CONFLICT);
  return row;
}

export async function createBudgetLine(identity: UserIdentity, input: TCreateBudgetLine): Promise<Result> {
  try {
    return await withIdentity(identity, async (tx) => {
      await requireWedding(tx, input.weddingId);
      const existing = await findCategory(tx, input.weddingId, input.category);
      if (existing !== null) {
        const message = categoryTakenMessage(existing);
        throw new ActionError(message, { category: [message] });
      }
      await tx.budget.create({
        data: {
          weddingId: input.weddingId,
          category: input.category,
          budgetAmount: new Prisma.Decimal(input.amount),
          notes: input.notes ?? null,
        },
        select: { id: true },
      });
      return { ok: true as const, message: `Added the budget line “${input.category}”.` };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = categoryTakenMessage(input.category);
      throw new ActionError(message, { category: [message] });
    }
    throw error;
  }
}

export async function updateBudgetLine(identity: UserIdentity, input: TUpdateBudgetLine): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const line = await lockBudgetLine(tx, input.weddingId, input.budgetId, input.version);
    await tx.budget.update({
      where: { id: input.budgetId },
      data: { budgetAmount: new Prisma.Decimal(input.amount), notes: input.notes ?? null },
      select: { id: true },
    });
    return { ok: true as const, message: `Saved the budget line “${line.category}”.` };
  });
}

export async function deleteBudgetLine(identity: UserIdentity, input: TDeleteBudgetLine): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const line = await lockBudgetLine(tx, input.weddingId, input.budgetId, input.version);
    await tx.budget.delete({ where: { id: input.budgetId }, select: { id: true } });
    return {
      ok: true as const,
      message: `Deleted the budget line “${line.category}”. Its expenses stay, without a budget.`,
    };
  });
}
