import { z } from "zod";
import { dayProblem } from "@/lib/budget/schema";
import type { EventStatus, EventType } from "@/lib/generated/prisma/enums";

// A wedding's events: the forms' input. Shared by server and client code, so
// it imports nothing server-only. An end time earlier than the start time means
// the event ends the next day (a party until 02:00); an end time equal to the
// start time is no event at all.

const MAX_INT = 2_147_483_647;
export const MAX_EVENT_NAME = 200;
export const MAX_REGION = 100;
export const MAX_LOCATION = 300;
export const MAX_NOTES = 5000;

export const EVENT_TYPES = [
  "Ceremony",
  "Reception",
  "Rehearsal",
  "Dinner",
  "Welcome",
  "Brunch",
  "Party",
  "Other",
] as const satisfies readonly EventType[];
export type TEventType = (typeof EVENT_TYPES)[number];

/** What an event's form may set; Cancelled comes and goes through cancel and reinstate. */
export const EDITABLE_EVENT_STATUSES = [
  "Scheduled",
  "Confirmed",
  "Completed",
] as const satisfies readonly EventStatus[];
export type TEditableEventStatus = (typeof EDITABLE_EVENT_STATUSES)[number];

export const SAME_START_AND_END =
  "The event cannot end when it starts. An end time before the start time means it ends the next day.";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

/** See lib/budget/schema.ts: updated_at to the microsecond, in UTC. */
export const ZVersion = z
  .string({ error: "Reload the page and try again." })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, "Reload the page and try again.");

/** "HH:MM" (or "HH:MM:SS", which some browsers send) → "HH:MM:SS". */
function zTime(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .superRefine((value, ctx) => {
      if (value === "") ctx.addIssue({ code: "custom", message: missing });
      else if (!/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "Enter a time like 18:30." });
      }
    })
    .transform((value) => (value.length === 5 ? `${value}:00` : value));
}

const eventFields = {
  weddingId: zId("This wedding does not exist."),
  name: z
    .string({ error: "Name the event." })
    .trim()
    .min(1, "Name the event.")
    .max(MAX_EVENT_NAME, `A name has at most ${MAX_EVENT_NAME} characters.`),
  eventType: z.enum(EVENT_TYPES, { error: "Choose a type from the list." }),
  region: z
    .string({ error: "Enter the region." })
    .trim()
    .min(1, "Enter the region.")
    .max(MAX_REGION, `A region has at most ${MAX_REGION} characters.`),
  eventDate: z
    .string({ error: "Enter the date." })
    .trim()
    .superRefine((day, ctx) => {
      const problem = day === "" ? "Enter the date." : dayProblem(day);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  startTime: zTime("Enter the start time."),
  endTime: zTime("Enter the end time."),
  location: z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: "The location must be text." })
      .trim()
      .max(MAX_LOCATION, `A location has at most ${MAX_LOCATION} characters.`)
      .optional(),
  ),
  notes: z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: "The run-of-show note must be text." })
      .trim()
      .max(MAX_NOTES, `The run-of-show note has at most ${MAX_NOTES} characters.`)
      .optional(),
  ),
};

function refineTimes(input: { startTime: string; endTime: string }, ctx: z.RefinementCtx) {
  if (input.startTime === input.endTime)
    ctx.addIssue({ code: "custom", path: ["endTime"], message: SAME_START_AND_END });
}

export const ZCreateEventSchema = z.object(eventFields).superRefine(refineTimes);
export type TCreateEvent = z.infer<typeof ZCreateEventSchema>;

const ZEventId = zId("This event does not exist any more.");

export const ZUpdateEventSchema = z
  .object({
    ...eventFields,
    eventId: ZEventId,
    version: ZVersion,
    status: z.enum(EDITABLE_EVENT_STATUSES, { error: "Choose Scheduled, Confirmed or Completed." }),
  })
  .superRefine(refineTimes);
export type TUpdateEvent = z.infer<typeof ZUpdateEventSchema>;

/** Cancelling and reinstating an event. */
export const ZEventStatusChangeSchema = z.object({
  weddingId: eventFields.weddingId,
  eventId: ZEventId,
  version: ZVersion,
});
export type TEventStatusChange = z.infer<typeof ZEventStatusChangeSchema>;

/** Whether an event with these times ends on the day after it starts. */
export function endsNextDay(startTime: string, endTime: string): boolean {
  return endTime < startTime;
}
