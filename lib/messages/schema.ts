import { z } from "zod";
import { zId } from "@/lib/proposals/schema";

// Messages between a planner and a vendor: plain text, at most 2,000
// characters. Shared by server and client code.

export const MAX_MESSAGE = 2000;

// Control characters other than tab and newline have no place in a message
// (and PostgreSQL cannot store NUL at all).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const ZMessageBody = z
  .string({ error: "Write a message." })
  .transform((text) => text.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim())
  .pipe(
    z
      .string()
      .min(1, "Write a message.")
      .max(MAX_MESSAGE, `A message has at most ${MAX_MESSAGE.toLocaleString("en-GB")} characters.`),
  );

export const ZPlannerMessageSchema = z.object({
  weddingId: zId("This wedding does not exist."),
  vendorId: zId("Choose a vendor from the list."),
  body: ZMessageBody,
});
export type TPlannerMessage = z.infer<typeof ZPlannerMessageSchema>;

export const ZVendorMessageSchema = z.object({
  threadId: zId("This conversation does not exist."),
  body: ZMessageBody,
});
export type TVendorMessage = z.infer<typeof ZVendorMessageSchema>;
