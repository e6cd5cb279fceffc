import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { assertWithinAllowance, beginGuestListWrite } from "./checks";
import type { TCreateHousehold, TDeleteHousehold, TUpdateHousehold } from "./schema";
import { lockAtVersion } from "./versions";

// Households of a wedding: create, rename or change the plus-one allowance,
// delete (with their guests and RSVPs). Each is one transaction run as the
// planner; row-level security and an explicit wedding check both stand in the
// way of another planner's ids, and the audit trigger records the change.

type Result = ActionResult<{ message: string; householdId?: number }>;

const NAME_TAKEN = "This wedding already has a household with this name.";

async function assertNameFree(tx: Tx, weddingId: number, name: string, exceptId?: number): Promise<void> {
  const taken = await tx.$queryRaw<{ id: number }[]>`
    SELECT household_id AS id FROM household
    WHERE wedding_id = ${weddingId} AND lower(name) = lower(${name}) AND household_id <> ${exceptId ?? 0}
    LIMIT 1`;
  if (taken.length > 0) throw new ActionError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

export async function createHousehold(identity: UserIdentity, input: TCreateHousehold): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await assertNameFree(tx, input.weddingId, input.name);
    const household = await tx.household.create({
      data: { weddingId: input.weddingId, name: input.name, plusOneAllowance: input.plusOneAllowance },
      select: { id: true },
    });
    return { ok: true as const, householdId: household.id, message: `Added the household ${input.name}.` };
  });
}

export async function updateHousehold(identity: UserIdentity, input: TUpdateHousehold): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await lockAtVersion(tx, "household", input.householdId, input.weddingId, input.version);
    await assertNameFree(tx, input.weddingId, input.name, input.householdId);
    await tx.household.update({
      where: { id: input.householdId },
      data: { name: input.name, plusOneAllowance: input.plusOneAllowance },
    });
    // Lowering the allowance below the plus-ones already accepted would break a promise made to the guests.
    await assertWithinAllowance(tx, [input.householdId], "plusOneAllowance");
    return { ok: true as const, householdId: input.householdId, message: `Saved the household ${input.name}.` };
  });
}

export async function deleteHousehold(identity: UserIdentity, input: TDeleteHousehold): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await lockAtVersion(tx, "household", input.householdId, input.weddingId, input.version);
    const household = await tx.household.findUniqueOrThrow({
      where: { id: input.householdId },
      select: { name: true, _count: { select: { guests: true } } },
    });
    await tx.household.delete({ where: { id: input.householdId } });
    const guests = household._count.guests;
    return {
      ok: true as const,
      message: `Deleted the household ${household.name}${guests ? ` and its ${guests} guest${guests === 1 ? "" : "s"}` : ""}.`,
    };
  });
}
