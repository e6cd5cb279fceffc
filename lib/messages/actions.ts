"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { ZPlannerMessageSchema, ZVendorMessageSchema } from "./schema";
import { postPlannerMessage, postVendorMessage } from "./threads";

// Writing in a thread. Each side posts only as itself: the database takes the
// sender from the identity, not from the form.

export const postPlannerMessageAction = userAction(["planner"], ZPlannerMessageSchema, async (input, identity) => {
  const result = await postPlannerMessage(identity, input);
  revalidatePath(`/weddings/${input.weddingId}/vendors`, "layout");
  return result;
});

export const postVendorMessageAction = userAction(["vendor"], ZVendorMessageSchema, async (input, identity) => {
  const result = await postVendorMessage(identity, input);
  revalidatePath("/vendor", "layout");
  return result;
});
