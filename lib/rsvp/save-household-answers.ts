import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import { recordOwnConsents } from "@/lib/consent/queries";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { formatDate } from "@/lib/format/date";
import { planHouseholdAnswers } from "./answers";
import { readInvitation } from "./queries";
import type { TRsvpForm } from "./schema";

type GuestIdentity = Extract<Identity, { kind: "guest" }>;

export const NOT_FOUND_MESSAGE = "This invitation link is not valid.";

/**
 * Saves every answer of the guest's household in one transaction, as that
 * guest: the form is checked against the invitation read in the same
 * transaction, so forged ids change nothing, and row-level security would
 * refuse rows of any other household anyway. Database triggers write the audit
 * rows in the same transaction.
 */
export async function saveHouseholdAnswers(
  form: TRsvpForm,
  identity: GuestIdentity,
  now = new Date(),
): Promise<ActionResult<{ savedAt: string }>> {
  if (form.token !== identity.guestToken) return { ok: false, error: NOT_FOUND_MESSAGE };
  try {
    return await withIdentity(identity, async (tx) => {
      const invitation = await readInvitation(tx, identity.guestToken, now);
      if (!invitation) throw new ActionError(NOT_FOUND_MESSAGE);
      if (!invitation.open) {
        const deadline = formatDate(invitation.rsvpDeadline ?? invitation.weddingDate);
        throw new ActionError(
          `Replies closed on ${deadline}, so these answers can no longer be changed. Please contact the couple if your plans have changed.`,
        );
      }
      const plan = planHouseholdAnswers(invitation, form);
      if (!plan.ok) throw new ActionError(plan.error, plan.fieldErrors);

      for (const rsvp of plan.rsvps) {
        const { count } = await tx.eventRsvp.updateMany({
          where: { id: rsvp.rsvpId },
          data: {
            status: rsvp.status,
            mealChoice: rsvp.mealChoice,
            plusOnes: rsvp.plusOnes,
            plusOneNames: rsvp.plusOneNames,
            respondedAt: now,
          },
        });
        if (count !== 1) throw new Error(`RSVP ${rsvp.rsvpId} was not updated.`);
      }
      for (const guest of plan.dietary) {
        const { count } = await tx.guest.updateMany({
          where: { id: guest.guestId },
          data: { dietaryPreference: guest.dietaryPreference },
        });
        if (count !== 1) throw new Error(`Guest ${guest.guestId} was not updated.`);
      }
      if (form.consent) await recordOwnConsents(tx, form.consent, now);
      return { ok: true as const, savedAt: now.toISOString() };
    });
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}
