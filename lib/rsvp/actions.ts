"use server";

import { revalidatePath } from "next/cache";
import { guestAction } from "@/lib/actions/action";
import { hitRsvpRateLimit, TOO_MANY_REQUESTS_MESSAGE } from "./rate-limit";
import { saveHouseholdAnswers } from "./save-household-answers";
import { ZRsvpFormSchema } from "./schema";

/** Saves a household's RSVP answers from the guest's form (token in a hidden field). */
export const saveRsvp = guestAction(
  ZRsvpFormSchema,
  async (form, identity) => {
    if (!(await hitRsvpRateLimit(identity.guestToken))) return { ok: false, error: TOO_MANY_REQUESTS_MESSAGE };
    const result = await saveHouseholdAnswers(form, identity);
    if (result.ok) revalidatePath(`/rsvp/${identity.guestToken}`);
    return result;
  },
  (form) => form.token,
);
