import { z } from "zod";

// "Remind non-responders": which wedding and which event. Whether the event
// belongs to the wedding, and the wedding to the person, is for the database.

const MAX_INT = 2_147_483_647;

function zId(message: string) {
  return z.coerce.number({ error: message }).int(message).min(1, message).max(MAX_INT, message);
}

export const ZRemindNonRespondersSchema = z.object({
  weddingId: zId("This wedding was not found."),
  eventId: zId("Choose an event."),
});

export type TRemindNonResponders = z.infer<typeof ZRemindNonRespondersSchema>;

/** What counts as an email address for sending (PostgreSQL regex): something@something, no spaces. */
export const EMAIL_PATTERN = "^[^@[:space:]]+@[^@[:space:]]+$";
