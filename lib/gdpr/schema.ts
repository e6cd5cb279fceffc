import { z } from "zod";
import { zId } from "@/lib/guests/schema";

// Inputs of the privacy requests: ids from URLs and forms, and the typed
// confirmation an erasure needs.

export const ZGdprSubjectSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("client"), clientId: zId("a client") }),
  z.object({ kind: z.literal("guest"), guestId: zId("a guest") }),
]);
export type TGdprSubject = z.infer<typeof ZGdprSubjectSchema>;

const zConfirmation = z
  .string({ error: "Type the name to confirm." })
  .trim()
  .min(1, { error: "Type the name to confirm." })
  .max(300, { error: "That is longer than any name here." });

export const ZEraseGuestSchema = z.object({
  weddingId: zId("a wedding"),
  guestId: zId("a guest"),
  confirmation: zConfirmation,
});
export type TEraseGuest = z.infer<typeof ZEraseGuestSchema>;

export const ZEraseClientSchema = z.object({
  weddingId: zId("a wedding"),
  clientId: zId("a client"),
  confirmation: zConfirmation,
});
export type TEraseClient = z.infer<typeof ZEraseClientSchema>;

/** Route params of the export links. */
export const ZGuestExportParamsSchema = z.object({ id: zId("a wedding"), guestId: zId("a guest") });
export const ZWeddingExportParamsSchema = z.object({ id: zId("a wedding") });

/** Names compare without case and surrounding or repeated spaces. */
export function confirmationMatches(typed: string, name: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return norm(typed) === norm(name) && norm(name).length > 0;
}
