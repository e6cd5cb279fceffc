"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { cancelEvent, createEvent, reinstateEvent, updateEvent } from "./events";
import { ZCreateEventSchema, ZEventStatusChangeSchema, ZUpdateEventSchema } from "./schema";

// The events page's server actions. Only these are callable from the browser;
// the functions they call take the identity, so they are not. Events show on
// the overview's timeline and in the cockpit's "next event" too.

const ROLES = ["planner", "admin"] as const;

function revalidateWedding(weddingId: number) {
  revalidatePath(`/weddings/${weddingId}/events`);
  revalidatePath(`/weddings/${weddingId}`);
  revalidatePath("/weddings");
}

export const createEventAction = userAction(ROLES, ZCreateEventSchema, async (input, identity) => {
  const result = await createEvent(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const updateEventAction = userAction(ROLES, ZUpdateEventSchema, async (input, identity) => {
  const result = await updateEvent(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const cancelEventAction = userAction(ROLES, ZEventStatusChangeSchema, async (input, identity) => {
  const result = await cancelEvent(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const reinstateEventAction = userAction(ROLES, ZEventStatusChangeSchema, async (input, identity) => {
  const result = await reinstateEvent(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});
