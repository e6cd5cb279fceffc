"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/actions/action";
import { createGuest, deleteGuest, updateGuest } from "./guests";
import { createHousehold, deleteHousehold, updateHousehold } from "./households";
import { decodeUtf8, importGuests } from "./import-guests";
import { inviteGuests, removeGuestsFromEvent, setGuestRsvp } from "./rsvps";
import {
  ZBulkRsvpSchema,
  ZCreateGuestSchema,
  ZCreateHouseholdSchema,
  ZDeleteGuestSchema,
  ZDeleteHouseholdSchema,
  ZImportGuestsSchema,
  ZSetRsvpSchema,
  ZUpdateGuestSchema,
  ZUpdateHouseholdSchema,
} from "./schema";

// The guest pages' server actions. Only these are callable from the browser;
// the functions they call take the identity, so they are not.

const ROLES = ["planner", "admin"] as const;

/** Everything under the wedding shows guest figures: the overview, the guest list, the caterer's page. */
function revalidateWedding(weddingId: number) {
  revalidatePath(`/weddings/${weddingId}`, "layout");
  revalidatePath("/weddings");
}

export const createHouseholdAction = userAction(ROLES, ZCreateHouseholdSchema, async (input, identity) => {
  const result = await createHousehold(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const updateHouseholdAction = userAction(ROLES, ZUpdateHouseholdSchema, async (input, identity) => {
  const result = await updateHousehold(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const deleteHouseholdAction = userAction(ROLES, ZDeleteHouseholdSchema, async (input, identity) => {
  const result = await deleteHousehold(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const createGuestAction = userAction(ROLES, ZCreateGuestSchema, async (input, identity) => {
  const result = await createGuest(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const updateGuestAction = userAction(ROLES, ZUpdateGuestSchema, async (input, identity) => {
  const result = await updateGuest(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const deleteGuestAction = userAction(ROLES, ZDeleteGuestSchema, async (input, identity) => {
  const result = await deleteGuest(identity, input);
  revalidateWedding(input.weddingId);
  // The guest's own page is gone: back to the list.
  if (result.ok) redirect(`/weddings/${input.weddingId}/guests`);
  return result;
});

export const inviteGuestsAction = userAction(ROLES, ZBulkRsvpSchema, async (input, identity) => {
  const result = await inviteGuests(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const removeGuestsFromEventAction = userAction(ROLES, ZBulkRsvpSchema, async (input, identity) => {
  const result = await removeGuestsFromEvent(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const setGuestRsvpAction = userAction(ROLES, ZSetRsvpSchema, async (input, identity) => {
  const result = await setGuestRsvp(identity, input);
  revalidateWedding(input.weddingId);
  return result;
});

export const importGuestsAction = userAction(ROLES, ZImportGuestsSchema, async (input, identity) => {
  const text = decodeUtf8(new Uint8Array(await input.file.arrayBuffer()));
  const result = await importGuests(identity, input.weddingId, text);
  revalidateWedding(input.weddingId);
  return result;
});
