import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// Budget lines and expenses: the forms' input and the budget page's address.
// Shared by server and client code, so it imports nothing server-only.

const MAX_INT = 2_147_483_647;
export const MAX_CATEGORY = 100;
export const MAX_BUDGET_NOTES = 2000;
export const MAX_DESCRIPTION = 500;

export const EXPENSE_STATUSES = ["Pending", "Approved", "Rejected"] as const;
export type TExpenseStatus = (typeof EXPENSE_STATUSES)[number];

/** An empty form field is "not given", not an empty string. */
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

const ZWeddingId = zId("This wedding does not exist.");

/**
 * The version a form was opened with: the row's updated_at to the microsecond,
 * as the queries in this folder give it (UTC, six fractional digits). A
 * JavaScript Date keeps only milliseconds, which could miss a change.
 */
export const ZVersion = z
  .string({ error: "Reload the page and try again." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, "Reload the page and try again.");

/** Why `value` is not an amount of money, or null. At most 10 digits before the point, 2 after. */
export function moneyProblem(value: string): string | null {
  if (value === "") return "Enter an amount.";
  if (value.startsWith("-")) return "An amount cannot be negative.";
  if (!/^\d+(\.\d+)?$/.test(value)) return "Enter the amount in digits, like 1250 or 1250.50.";
  const [whole = "", cents = ""] = value.split(".");
  if (cents.length > 2) return "Use at most 2 decimal places.";
  if (whole.replace(/^0+(?=\d)/, "").length > 10) return "The amount is too large: at most 9999999999.99.";
  return null;
}

/** Money as text, never a float: "1250.5" stays exact and goes to the database as numeric(12,2). */
export const ZMoney = z
  .string({ error: "Enter an amount." })
  .trim()
  .superRefine((value, ctx) => {
    const problem = moneyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => value.replace(/^0+(?=\d)/, ""));

const ZCategory = z
  .string({ error: "Enter a category." })
  .trim()
  .min(1, "Enter a category.")
  .max(MAX_CATEGORY, `A category has at most ${MAX_CATEGORY} characters.`);

const ZBudgetNotes = z.preprocess(
  emptyAsUndefined,
  z
    .string({ error: "Notes must be text." })
    .trim()
    .max(MAX_BUDGET_NOTES, `Notes have at most ${MAX_BUDGET_NOTES} characters.`)
    .optional(),
);

// Budget lines -----------------------------------------------------------------------

export const ZCreateBudgetLineSchema = z.object({
  weddingId: ZWeddingId,
  category: ZCategory,
  amount: ZMoney,
  notes: ZBudgetNotes,
});
export type TCreateBudgetLine = z.infer<typeof ZCreateBudgetLineSchema>;

const ZBudgetId = zId("This budget line does not exist any more.");

export const ZUpdateBudgetLineSchema = z.object({
  weddingId: ZWeddingId,
  budgetId: ZBudgetId,
  version: ZVersion,
  amount: ZMoney,
  notes: ZBudgetNotes,
});
export type TUpdateBudgetLine = z.infer<typeof ZUpdateBudgetLineSchema>;

export const ZDeleteBudgetLineSchema = z.object({ weddingId: ZWeddingId, budgetId: ZBudgetId, version: ZVersion });
export type TDeleteBudgetLine = z.infer<typeof ZDeleteBudgetLineSchema>;

// Expenses ---------------------------------------------------------------------------

const ZDescription = z
  .string({ error: "Describe the expense." })
  .trim()
  .min(1, "Describe the expense.")
  .max(MAX_DESCRIPTION, `A description has at most ${MAX_DESCRIPTION} characters.`);

const ZOptionalId = (message: string) => z.preprocess(emptyAsUndefined, zId(message).optional());

/** Why `day` is not a calendar day from 2000 to 2100 written "YYYY-MM-DD", or null. */
export function dayProblem(day: string): string | null {
  if (!z.iso.date().safeParse(day).success) return "Enter a date like 2027-06-12.";
  if (day < "2000-01-01" || day > "2100-12-31") return "Choose a date between 2000 and 2100.";
  return null;
}

const ZIncurredOn = z.preprocess(
  emptyAsUndefined,
  z
    .string({ error: "Enter a date." })
    .trim()
    .superRefine((day, ctx) => {
      const problem = dayProblem(day);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
);

const expenseFields = {
  weddingId: ZWeddingId,
  category: ZCategory,
  description: ZDescription,
  actualCost: ZMoney,
  eventId: ZOptionalId("Choose an event of this wedding, or none."),
  vendorId: ZOptionalId("Choose a vendor from the list, or none."),
  incurredOn: ZIncurredOn,
};

export const ZCreateExpenseSchema = z.object(expenseFields);
export type TCreateExpense = z.infer<typeof ZCreateExpenseSchema>;

const ZExpenseId = zId("This expense does not exist any more.");

export const ZUpdateExpenseSchema = z.object({ ...expenseFields, expenseId: ZExpenseId, version: ZVersion });
export type TUpdateExpense = z.infer<typeof ZUpdateExpenseSchema>;

export const ZSetExpenseStatusSchema = z.object({
  weddingId: ZWeddingId,
  expenseId: ZExpenseId,
  version: ZVersion,
  status: z.enum(EXPENSE_STATUSES, { error: "Choose Pending, Approved or Rejected." }),
});
export type TSetExpenseStatus = z.infer<typeof ZSetExpenseStatusSchema>;

export const ZDeleteExpenseSchema = z.object({ weddingId: ZWeddingId, expenseId: ZExpenseId, version: ZVersion });
export type TDeleteExpense = z.infer<typeof ZDeleteExpenseSchema>;

/**
 * The status workflow: Pending → Approved or Rejected, and back to Pending.
 * Approved and Rejected never switch directly, so a decision is always undone
 * before the other one is taken.
 */
export function canMoveExpense(from: TExpenseStatus, to: TExpenseStatus): boolean {
  if (from === to) return false;
  return from === "Pending" || to === "Pending";
}

// The budget page's address -------------------------------------------------------------

const listFields = {
  status: {
    schema: z.enum(EXPENSE_STATUSES).optional(),
    label: "the expense status filter",
    hint: "use Pending, Approved or Rejected.",
  },
};

export type TExpenseFilters = SearchParamValues<typeof listFields>;

export function parseBudgetSearchParams(raw: RawSearchParams): { filters: TExpenseFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(listFields, raw);
  return { filters: values, notes };
}

export function budgetPageHref(weddingId: number, filters: TExpenseFilters): string {
  return `/weddings/${weddingId}/budget${toQueryString({ status: filters.status }, {})}`;
}
