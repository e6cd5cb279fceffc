"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/action";
import { eraseClient, eraseGuest } from "./erase";
import { ZEraseClientSchema, ZEraseGuestSchema } from "./schema";

const ROLES = ["planner", "admin"] as const;

export const eraseGuestAction = userAction(ROLES, ZEraseGuestSchema, async (input, identity) => {
  await eraseGuest(identity, input);
  revalidatePath(`/weddings/${input.weddingId}`, "layout");
  redirect(`/weddings/${input.weddingId}/guests`);
});

export const eraseClientAction = userAction(ROLES, ZEraseClientSchema, async (input, identity) => {
  await eraseClient(identity, input);
  revalidatePath("/", "layout");
  redirect(`/weddings/${input.weddingId}`);
});
