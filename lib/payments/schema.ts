import { z } from "zod";
import { dayProblem, moneyProblem } from "@/lib/budget/schema";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  ZIsoDay,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// Payment schedules and payments: the forms' input and the reconciliation
// page's address. Shared by server and client code, so it imports nothing
// server-only.

const MAX_INT = 2_147_483_647;
export const MAX_METHOD = 100;
export const MAX_OVERPAYMENT_REASON = 500;
export const MAX_DAYS_BEFORE_EVENT = 3650;

export const INSTALLMENT_KINDS = ["deposit", "installment", "final"] as const;
export type TInstallmentKind = (typeof INSTALLMENT_KINDS)[number];
export const INSTALLMENT_KIND_LABELS: Record<TInstallmentKind, string> = {
  deposit: "Deposit",
  installment: "Installment",
  final: "Final payment",
};

export const DUE_RULES = ["fixed", "relative"] as const;
export type TDueRule = (typeof DUE_RULES)[number];

export const PAYMENT_STATUSES = ["Pending", "Completed", "Failed", "Refunded"] as const;
export type TPaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** What a new payment may be recorded as; Refunded belongs to refunds alone. */
export const RECORDABLE_STATUSES = ["Pending", "Completed", "Failed"] as const;

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

const ZWeddingId = zId("This wedding does not exist.");
const ZBookingId = zId("Choose a booking of this wedding.");
const ZPaymentId = zId("This payment does not exist any more.");
const ZInstallmentId = zId("This installment does not exist any more.");

/** A version as the queries give it: updated_at to the microsecond, UTC. */
const ZVersion = z
  .string({ error: "Reload the page and try again." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, "Reload the page and try again.");

/** Money as exact text, more than zero: at most 10 digits before the point and 2 after. */
export const ZPositiveMoney = z
  .string({ error: "Enter an amount." })
  .trim()
  .superRefine((value, ctx) => {
    const problem = moneyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (!/[1-9]/.test(value)) ctx.addIssue({ code: "custom", message: "An amount must be more than 0." });
  })
  .transform((value) => value.replace(/^0+(?=\d)/, ""));

const ZDay = z
  .string({ error: "Enter a date." })
  .trim()
  .superRefine((day, ctx) => {
    const problem = dayProblem(day);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const ZMethod = z.preprocess(
  emptyAsUndefined,
  z
    .string({ error: "The method must be text." })
    .trim()
    .max(MAX_METHOD, `A method has at most ${MAX_METHOD} characters.`)
    .optional(),
);

/** A checkbox: present ("1" or "on") means ticked. */
const ZTicked = z.preprocess((value) => value === "1" || value === "on" || value === "true", z.boolean());

// Installments -----------------------------------------------------------------------

export const ZCreateInstallmentSchema = z
  .object({
    weddingId: ZWeddingId,
    bookingId: ZBookingId,
    kind: z.enum(INSTALLMENT_KINDS, { error: "Choose deposit, installment or final payment." }),
    amount: ZPositiveMoney,
    dueRule: z.enum(DUE_RULES, { error: "Choose a fixed date or a number of days before the event." }),
    dueDate: z.preprocess(emptyAsUndefined, ZDay.optional()),
    daysBeforeEvent: z.preprocess(
      emptyAsUndefined,
      z
        .string({ error: "Enter a number of days." })
        .trim()
        .regex(/^\d{1,4}$/, `Enter whole days, from 0 to ${MAX_DAYS_BEFORE_EVENT}.`)
        .transform(Number)
        .pipe(z.number().max(MAX_DAYS_BEFORE_EVENT, `Enter whole days, from 0 to ${MAX_DAYS_BEFORE_EVENT}.`))
        .optional(),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.dueRule === "fixed" && input.dueDate === undefined)
      ctx.addIssue({ code: "custom", path: ["dueDate"], message: "Enter the due date." });
    if (input.dueRule === "relative" && input.daysBeforeEvent === undefined)
      ctx.addIssue({ code: "custom", path: ["daysBeforeEvent"], message: "Enter how many days before the event." });
  });
export type TCreateInstallment = z.infer<typeof ZCreateInstallmentSchema>;

export const ZDeleteInstallmentSchema = z.object({ weddingId: ZWeddingId, installmentId: ZInstallmentId });
export type TDeleteInstallment = z.infer<typeof ZDeleteInstallmentSchema>;

// Payments ---------------------------------------------------------------------------

const overrideFields = {
  allowOverpayment: ZTicked,
  overpaymentReason: z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: "The reason must be text." })
      .trim()
      .max(MAX_OVERPAYMENT_REASON, `A reason has at most ${MAX_OVERPAYMENT_REASON} characters.`)
      .optional(),
  ),
};

function requireReason(input: { allowOverpayment: boolean; overpaymentReason?: string }, ctx: z.RefinementCtx) {
  if (input.allowOverpayment && !input.overpaymentReason)
    ctx.addIssue({
      code: "custom",
      path: ["overpaymentReason"],
      message: "Say why this payment may exceed the total.",
    });
}

export const ZRecordPaymentSchema = z
  .object({
    weddingId: ZWeddingId,
    bookingId: ZBookingId,
    installmentId: z.preprocess(emptyAsUndefined, zId("Choose an installment of this booking, or none.").optional()),
    amount: ZPositiveMoney,
    status: z.enum(RECORDABLE_STATUSES, { error: "Choose Pending, Completed or Failed." }),
    paymentDate: ZDay,
    method: ZMethod,
    ...overrideFields,
  })
  .superRefine(requireReason);
export type TRecordPayment = z.infer<typeof ZRecordPaymentSchema>;

export const ZSetPaymentStatusSchema = z
  .object({
    weddingId: ZWeddingId,
    paymentId: ZPaymentId,
    version: ZVersion,
    status: z.enum(["Completed", "Failed"], { error: "Choose Completed or Failed." }),
    ...overrideFields,
  })
  .superRefine(requireReason);
export type TSetPaymentStatus = z.infer<typeof ZSetPaymentStatusSchema>;

export const ZRefundPaymentSchema = z.object({
  weddingId: ZWeddingId,
  paymentId: ZPaymentId,
  amount: ZPositiveMoney,
  refundDate: ZDay,
  method: ZMethod,
});
export type TRefundPayment = z.infer<typeof ZRefundPaymentSchema>;

// The reconciliation page's address ---------------------------------------------------

export const RECONCILIATION_PAGE_SIZES = [25, 50, 100] as const;
export const MAX_RECONCILIATION_PAGE = 10_000;

const reconciliationFields = {
  status: {
    schema: z.enum(PAYMENT_STATUSES).optional(),
    label: "the status filter",
    hint: "use Pending, Completed, Failed or Refunded.",
  },
  from: { schema: ZIsoDay.optional(), label: "the from date", hint: "use a date like 2026-11-01." },
  to: { schema: ZIsoDay.optional(), label: "the to date", hint: "use a date like 2026-11-30." },
  page: {
    schema: zPositiveInt(MAX_RECONCILIATION_PAGE).default(1),
    label: "the page",
    hint: `use a page number from 1 to ${MAX_RECONCILIATION_PAGE}.`,
  },
  size: {
    schema: zPositiveInt(1_000)
      .pipe(z.union(RECONCILIATION_PAGE_SIZES.map((size) => z.literal(size))))
      .default(25),
    label: "the page size",
    hint: `show ${RECONCILIATION_PAGE_SIZES.join(", ")} rows per page.`,
  },
};

export type TReconciliationFilters = SearchParamValues<typeof reconciliationFields>;

export function parseReconciliationSearchParams(raw: RawSearchParams): {
  filters: TReconciliationFilters;
  notes: string[];
} {
  const { values, notes } = parseSearchParams(reconciliationFields, raw);
  if (values.from && values.to && values.from > values.to) {
    notes.push(`Ignored the date range: ${values.from} is after ${values.to}.`);
    const filters = { ...values };
    delete filters.from;
    delete filters.to;
    return { filters, notes };
  }
  return { filters: values, notes };
}

export function reconciliationHref(filters: TReconciliationFilters, change: Partial<TReconciliationFilters> = {}) {
  const next = { ...filters, ...change };
  return `/payments${toQueryString(
    { status: next.status, from: next.from, to: next.to, page: next.page, size: next.size },
    { page: 1, size: 25 },
  )}`;
}
