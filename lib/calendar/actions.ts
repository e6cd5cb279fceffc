"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { createCalendarFeed, revokeCalendarFeed } from "./feeds";
import { ZCalendarFeedFormSchema } from "./schema";

// The events page's calendar-link actions. The functions they call take the
// identity, so only these are callable from the browser.

const ROLES = ["planner", "admin"] as const;

export const createCalendarFeedAction = userAction(ROLES, ZCalendarFeedFormSchema, async (input, identity) => {
  const result = await createCalendarFeed(identity, input);
  revalidatePath(`/weddings/${input.weddingId}/events`);
  return result;
});

export const revokeCalendarFeedAction = userAction(ROLES, ZCalendarFeedFormSchema, async (input, identity) => {
  const result = await revokeCalendarFeed(identity, input);
  revalidatePath(`/weddings/${input.weddingId}/events`);
  return result;
});
