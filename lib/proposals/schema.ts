import { z } from "zod";
import { dayProblem, ZMoney } from "@/lib/budget/schema";

// Proposals and contracts: the forms' input. Shared by server and client code,
// so it imports nothing server-only. Money stays text all the way to
// numeric(12,2); sums are checked here in whole cents with BigInt.

const MAX_INT = 2_147_483_647;
export const MAX_LINES = 50;
export const MAX_LINE_DESCRIPTION = 300;
export const MAX_QUANTITY = 100_000;
export const MAX_PROPOSAL_MESSAGE = 2000;
/** numeric(12,2): the largest amount a line or a proposal may come to. */
export const MAX_AMOUNT_CENTS = 999_999_999_999n;

export const PROPOSAL_STATUSES = ["Sent", "Accepted", "Declined"] as const;
export type TProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const CONTRACT_STATUSES = ["Active", "Completed", "Cancelled"] as const;
export type TContractStatus = (typeof CONTRACT_STATUSES)[number];

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

export function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

/** "1250.50" → 125050n; the text is already a valid amount (ZMoney). */
export function toCents(amount: string): bigint {
  const [whole = "0", cents = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, "0"));
}

export function formatCents(cents: bigint): string {
  const whole = cents / 100n;
  const rest = (cents % 100n).toString().padStart(2, "0");
  return `${whole}.${rest}`;
}

/** Why `value` is not a quantity (a whole number from 1 to 100,000), or null. */
export function quantityProblem(value: string): string | null {
  if (value === "") return "Enter a quantity.";
  if (!/^\d+$/.test(value)) return "Enter the quantity as a whole number, like 12.";
  const n = Number(value);
  if (n < 1) return "The quantity must be at least 1.";
  if (n > MAX_QUANTITY) return `The quantity can be at most ${MAX_QUANTITY.toLocaleString("en-GB")}.`;
  return null;
}

const ZQuantity = z
  .string({ error: "Enter a quantity." })
  .trim()
  .superRefine((value, ctx) => {
    const problem = quantityProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => Number(value));

export const ZProposalLineSchema = z.object({
  description: z
    .string({ error: "Describe this line." })
    .trim()
    .min(1, "Describe this line.")
    .max(MAX_LINE_DESCRIPTION, `A line's description has at most ${MAX_LINE_DESCRIPTION} characters.`),
  quantity: ZQuantity,
  unitPrice: ZMoney,
});
export type TProposalLine = z.infer<typeof ZProposalLineSchema>;

const LINE_FIELD = /^lines\.(\d{1,6})\.(description|quantity|unitPrice)$/;

/**
 * The form posts its rows as lines.0.description, lines.0.quantity, ... so
 * that each field error comes back under its input's own name. This gathers
 * them into an array; a missing row becomes an empty one, which then fails
 * with an error on each of its fields.
 */
function gatherLines(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  const rows: Record<string, unknown>[] = [];
  const rest: Record<string, unknown> = {};
  let tooMany = false;
  for (const [key, value] of Object.entries(record)) {
    const match = LINE_FIELD.exec(key);
    if (!match) {
      rest[key] = value;
      continue;
    }
    const index = Number(match[1]);
    if (index >= MAX_LINES) {
      tooMany = true;
      continue;
    }
    while (rows.length <= index) rows.push({});
    rows[index]![match[2]!] = value;
  }
  if ("lines" in record) return record;
  // Past the limit: one row more than allowed, so the array's own limit speaks.
  if (tooMany) return { ...rest, lines: Array.from({ length: MAX_LINES + 1 }, (_, i) => rows[i] ?? {}) };
  return { ...rest, lines: rows };
}

function dayField(required: string) {
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .superRefine((day, ctx) => {
      if (day === "") return;
      const problem = dayProblem(day);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

export const ZSendProposalSchema = z.preprocess(
  gatherLines,
  z
    .object({
      weddingId: zId("This wedding does not exist."),
      vendorId: zId("Choose a vendor from the list."),
      validUntil: dayField("Enter the last day the vendor may accept."),
      message: z.preprocess(
        emptyAsUndefined,
        z
          .string({ error: "The message must be text." })
          .trim()
          .max(MAX_PROPOSAL_MESSAGE, `The message has at most ${MAX_PROPOSAL_MESSAGE} characters.`)
          .optional(),
      ),
      lines: z
        .array(ZProposalLineSchema, { error: "Add at least one line." })
        .min(1, "Add at least one line.")
        .max(MAX_LINES, `A proposal has at most ${MAX_LINES} lines.`),
    })
    .superRefine((proposal, ctx) => {
      // Zod runs this even when a line failed; only well-formed lines can be added up.
      const wellFormed = (line: TProposalLine) =>
        Number.isInteger(line.quantity) && /^\d+(\.\d{1,2})?$/.test(line.unitPrice);
      if (!Array.isArray(proposal.lines) || !proposal.lines.every(wellFormed)) return;
      let total = 0n;
      proposal.lines.forEach((line, index) => {
        const lineTotal = BigInt(line.quantity) * toCents(line.unitPrice);
        if (lineTotal > MAX_AMOUNT_CENTS) {
          ctx.addIssue({
            code: "custom",
            path: ["lines", index, "unitPrice"],
            message: `This line comes to more than ${formatCents(MAX_AMOUNT_CENTS)}.`,
          });
        }
        total += lineTotal;
      });
      if (total > MAX_AMOUNT_CENTS) {
        ctx.addIssue({
          code: "custom",
          path: ["lines"],
          message: `The proposal comes to more than ${formatCents(MAX_AMOUNT_CENTS)}.`,
        });
      }
    }),
);
export type TSendProposal = z.infer<typeof ZSendProposalSchema>;

/** The exact total of the lines, as text ("1250.00"). */
export function proposalTotal(lines: readonly TProposalLine[]): string {
  return formatCents(lines.reduce((sum, line) => sum + BigInt(line.quantity) * toCents(line.unitPrice), 0n));
}

export const ZAnswerProposalSchema = z.object({
  proposalId: zId("This proposal does not exist."),
  decision: z.enum(["Accepted", "Declined"], { error: "Choose accept or decline." }),
});
export type TAnswerProposal = z.infer<typeof ZAnswerProposalSchema>;

export const ZSetContractStatusSchema = z.object({
  weddingId: zId("This wedding does not exist."),
  contractId: zId("This contract does not exist."),
  status: z.enum(["Completed", "Cancelled"], { error: "Choose Completed or Cancelled." }),
});
export type TSetContractStatus = z.infer<typeof ZSetContractStatusSchema>;

/** An id from an address: plain digits only ("1e3" and " 7 " are not ids). */
export const ZRouteId = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_INT));

export function parseRouteId(value: string): number | null {
  const parsed = ZRouteId.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export const ZContractParamsSchema = z.object({ id: ZRouteId });
