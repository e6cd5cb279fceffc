import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { ensureThread } from "@/lib/messages/threads";
import type { TAnswerProposal, TSendProposal, TSetContractStatus } from "./schema";

// Proposals change hands here. Each write is one transaction run as the
// person, so row-level security decides which rows they reach and the
// migration's triggers decide what may change: a proposal's lines and total
// are written once, and the vendor's answer moves only its status, while it is
// valid by the database's clock. Acceptance writes the contract in the same
// transaction (a trigger), so there is never one without the other.

type Result = ActionResult<{ message: string }>;

export const WEDDING_NOT_FOUND = "This wedding does not exist, or it is not yours to change.";
export const WEDDING_CLOSED = "This wedding is completed or cancelled: it takes no new proposals.";
export const VENDOR_NOT_ACTIVE = "Choose an active vendor from the list.";
export const VALID_UNTIL_PAST = "Choose today or a later day: the vendor could not accept it otherwise.";
export const PROPOSAL_NOT_FOUND = "This proposal does not exist, or it is not addressed to you.";
export const PROPOSAL_EXPIRED = "This proposal has expired: ask the planner for a new one.";
export const CONTRACT_NOT_FOUND = "This contract does not exist, or it is not yours to change.";

export function alreadyAnsweredMessage(status: string): string {
  return `This proposal was already ${status.toLowerCase()}. Nothing was changed.`;
}

async function requireOpenWedding(tx: Tx, weddingId: number): Promise<void> {
  const wedding = await tx.wedding.findUnique({ where: { id: weddingId }, select: { status: true } });
  if (!wedding) throw new ActionError(WEDDING_NOT_FOUND);
  if (wedding.status === "Completed" || wedding.status === "Cancelled") throw new ActionError(WEDDING_CLOSED);
}

async function requireActiveVendor(tx: Tx, vendorId: number): Promise<string> {
  const vendor = await tx.vendor.findUnique({ where: { id: vendorId }, select: { name: true, status: true } });
  if (!vendor || vendor.status !== "Active")
    throw new ActionError(VENDOR_NOT_ACTIVE, { vendorId: [VENDOR_NOT_ACTIVE] });
  return vendor.name;
}

/** A planner sends a proposal: the proposal, its lines and (if new) the thread with the vendor, at once. */
export async function sendProposal(
  identity: UserIdentity,
  input: TSendProposal,
): Promise<ActionResult<{ message: string; proposalId: number }>> {
  return withIdentity(identity, async (tx) => {
    await requireOpenWedding(tx, input.weddingId);
    const vendorName = await requireActiveVendor(tx, input.vendorId);
    const [day] = await tx.$queryRaw<{ past: boolean }[]>`SELECT ${input.validUntil}::date < current_date AS past`;
    if (day?.past) throw new ActionError(VALID_UNTIL_PAST, { validUntil: [VALID_UNTIL_PAST] });

    const descriptions = input.lines.map((line) => line.description);
    const quantities = input.lines.map((line) => line.quantity);
    const prices = input.lines.map((line) => line.unitPrice);
    // The total is summed by PostgreSQL from the same numbers as the lines; a
    // constraint trigger compares the two again when the transaction commits.
    const [proposal] = await tx.$queryRaw<{ id: number; total: string; currency: string }[]>`
      INSERT INTO proposal (wedding_id, vendor_id, valid_until, message, total_amount)
      VALUES (${input.weddingId}, ${input.vendorId}, ${input.validUntil}::date, ${input.message ?? null},
              (SELECT sum(x.q * x.p) FROM unnest(${quantities}::int[], ${prices}::numeric[]) AS x(q, p)))
      RETURNING proposal_id AS id, total_amount::text AS total, currency::text AS currency`;
    if (!proposal) throw new Error("The proposal insert returned no row.");
    await tx.$executeRaw`
      INSERT INTO proposal_line (proposal_id, position, description, quantity, unit_price)
      SELECT ${proposal.id}, x.ord, x.d, x.q, x.p
      FROM unnest(${descriptions}::text[], ${quantities}::int[], ${prices}::numeric[]) WITH ORDINALITY AS x(d, q, p, ord)`;
    await ensureThread(tx, input.weddingId, input.vendorId);
    return {
      ok: true as const,
      message: `Sent ${vendorName} a proposal of ${proposal.total} ${proposal.currency}.`,
      proposalId: proposal.id,
    };
  });
}

/**
 * The vendor accepts or declines. One UPDATE decides, at the database's time:
 * of an accept and a decline racing, the second waits for the first's row lock
 * and then finds the proposal no longer Sent.
 */
export async function answerProposal(identity: UserIdentity, input: TAnswerProposal): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const answered = await tx.$queryRaw<{ id: number }[]>`
      UPDATE proposal SET status = ${input.decision}::proposal_status
      WHERE proposal_id = ${input.proposalId} AND status = 'Sent' AND valid_until >= current_date
      RETURNING proposal_id AS id`;
    if (answered.length === 1) {
      return {
        ok: true as const,
        message:
          input.decision === "Accepted"
            ? "You accepted the proposal. The contract is below, and the planner sees it now."
            : "You declined the proposal.",
      };
    }
    const [current] = await tx.$queryRaw<{ status: string; expired: boolean }[]>`
      SELECT status::text AS status, valid_until < current_date AS expired
      FROM proposal WHERE proposal_id = ${input.proposalId}`;
    if (!current) throw new ActionError(PROPOSAL_NOT_FOUND);
    if (current.status !== "Sent") throw new ActionError(alreadyAnsweredMessage(current.status));
    if (current.expired) throw new ActionError(PROPOSAL_EXPIRED);
    // Visible but not answerable: it is not addressed to this identity.
    throw new ActionError(PROPOSAL_NOT_FOUND);
  });
}

/** The planner closes a contract: Active → Completed or Cancelled, once. */
export async function setContractStatus(identity: UserIdentity, input: TSetContractStatus): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const changed = await tx.$queryRaw<{ vendor: string }[]>`
      UPDATE contract SET status = ${input.status}::contract_status
      WHERE contract_id = ${input.contractId} AND wedding_id = ${input.weddingId} AND status = 'Active'
      RETURNING vendor_name AS vendor`;
    if (changed[0]) {
      const verb = input.status === "Completed" ? "completed" : "cancelled";
      return { ok: true as const, message: `Marked the contract with ${changed[0].vendor} as ${verb}.` };
    }
    const [current] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM contract
      WHERE contract_id = ${input.contractId} AND wedding_id = ${input.weddingId}`;
    if (!current) throw new ActionError(CONTRACT_NOT_FOUND);
    throw new ActionError(`This contract is already ${current.status.toLowerCase()}. Nothing was changed.`);
  });
}
