import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { assertWithinAllowance, beginGuestListWrite } from "./checks";
import type { TCreateGuest, TDeleteGuest, TUpdateGuest } from "./schema";
import { lockAtVersion } from "./versions";

// Guests of a wedding. A guest belongs to a household of the same wedding
// (also a composite foreign key in the database); the database gives each new
// guest their RSVP token (qr_code). Email addresses are unique within a
// wedding, ignoring case: the CSV import matches guests by them.

type Result = ActionResult<{ message: string; guestId?: number }>;

export const HOUSEHOLD_NOT_FOUND = "Choose a household of this wedding.";
const EMAIL_TAKEN = "Another guest of this wedding has this email address.";

async function assertHousehold(tx: Tx, weddingId: number, householdId: number): Promise<void> {
  const household = await tx.household.findFirst({ where: { id: householdId, weddingId }, select: { id: true } });
  if (!household) throw new ActionError(HOUSEHOLD_NOT_FOUND, { householdId: [HOUSEHOLD_NOT_FOUND] });
}

async function assertEmailFree(tx: Tx, weddingId: number, email: string | null, exceptId?: number): Promise<void> {
  if (!email) return;
  const taken = await tx.$queryRaw<{ id: number }[]>`
    SELECT guest_id AS id FROM guest
    WHERE wedding_id = ${weddingId} AND lower(email) = lower(${email}) AND guest_id <> ${exceptId ?? 0}
    LIMIT 1`;
  if (taken.length > 0) throw new ActionError(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
}

export async function createGuest(identity: UserIdentity, input: TCreateGuest): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await assertHousehold(tx, input.weddingId, input.householdId);
    await assertEmailFree(tx, input.weddingId, input.email);
    const guest = await tx.guest.create({
      data: {
        weddingId: input.weddingId,
        householdId: input.householdId,
        fullName: input.fullName,
        email: input.email,
        phone: input.phone,
        dietaryPreference: input.dietaryPreference,
      },
      select: { id: true },
    });
    return { ok: true as const, guestId: guest.id, message: `Added ${input.fullName}.` };
  });
}

export async function updateGuest(identity: UserIdentity, input: TUpdateGuest): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await lockAtVersion(tx, "guest", input.guestId, input.weddingId, input.version);
    await assertHousehold(tx, input.weddingId, input.householdId);
    await assertEmailFree(tx, input.weddingId, input.email, input.guestId);
    await tx.guest.update({
      where: { id: input.guestId },
      data: {
        householdId: input.householdId,
        fullName: input.fullName,
        email: input.email,
        // The phone column is write-only (a trigger encrypts it): "" clears the stored number.
        phone: input.phone ?? "",
        dietaryPreference: input.dietaryPreference,
      },
    });
    // A guest who moves takes their plus-ones along to the new household.
    await assertWithinAllowance(tx, [input.householdId], "householdId");
    return { ok: true as const, guestId: input.guestId, message: `Saved ${input.fullName}.` };
  });
}

export async function deleteGuest(identity: UserIdentity, input: TDeleteGuest): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    await beginGuestListWrite(tx, input.weddingId);
    await lockAtVersion(tx, "guest", input.guestId, input.weddingId, input.version);
    const guest = await tx.guest.delete({ where: { id: input.guestId }, select: { fullName: true } });
    return { ok: true as const, message: `Deleted ${guest.fullName} and their RSVPs.` };
  });
}
