"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { cancelBooking, reserveBooking } from "./reserve";
import { todayUtc, ZCancelBookingSchema, ZReserveBookingSchema } from "./schema";

// The bookings page's server actions. The functions they call take the
// identity, so only these are callable from the browser. Bookings show on the
// wedding's overview and the cockpit too.

const ROLES = ["planner", "admin"] as const;

function revalidateWedding(weddingId: number) {
  revalidatePath(`/weddings/${weddingId}/bookings`);
  revalidatePath(`/weddings/${weddingId}`);
  revalidatePath("/weddings");
}

export const reserveBookingAction = userAction(ROLES, ZReserveBookingSchema, async (input, identity) => {
  const result = await reserveBooking(identity, input, todayUtc());
  revalidateWedding(input.weddingId);
  return result;
});

export const cancelBookingAction = userAction(ROLES, ZCancelBookingSchema, async (input, identity) => {
  const result = await cancelBooking(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});
