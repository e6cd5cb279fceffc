import { z } from "zod";

// A calendar feed's token (calendar_feed.token): 24 random bytes as base64url,
// 32 characters. Anything else is not a token and never reaches the database.
export const ZCalendarTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/);

const MAX_INT = 2_147_483_647;
const WEDDING = "This wedding does not exist.";

export const ZCalendarFeedFormSchema = z.object({
  weddingId: z.coerce.number({ error: WEDDING }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, WEDDING),
});
export type TCalendarFeedForm = z.infer<typeof ZCalendarFeedFormSchema>;

/** The route's token segment: the token, optionally with ".ics" (some calendar apps like an extension). */
export function parseCalendarToken(segment: string): string | null {
  const token = segment.endsWith(".ics") ? segment.slice(0, -4) : segment;
  const parsed = ZCalendarTokenSchema.safeParse(token);
  return parsed.success ? parsed.data : null;
}
