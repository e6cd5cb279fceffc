"use server";

import { revalidatePath } from "next/cache";
import { userAction, type ActionResult } from "@/lib/actions/action";
import { revalidateVendorCatalog } from "./cache-tags";
import { updateVendorProfile } from "./own-profile";
import { createPackage, deletePackage, updatePackage } from "./packages";
import { ZCreatePackageSchema, ZDeletePackageSchema, ZUpdatePackageSchema, ZUpdateVendorProfileSchema } from "./schema";

// The vendor portal's server actions. Only vendors may call them, and each acts
// on the caller's own vendor row. After a write, the cached catalogue (search
// listings, the vendor's public profile and packages) is revalidated by tag,
// and the portal page re-renders.

const ROLES = ["vendor"] as const;

type Result = ActionResult<{ message: string }>;

function afterWrite(result: { message: string; vendorId: number }): Result {
  revalidateVendorCatalog(result.vendorId);
  revalidatePath("/vendor/profile");
  return { ok: true, message: result.message };
}

export const updateVendorProfileAction = userAction(ROLES, ZUpdateVendorProfileSchema, async (input, identity) => {
  const result = await updateVendorProfile(identity, input);
  return result.ok ? afterWrite(result) : result;
});

export const createPackageAction = userAction(ROLES, ZCreatePackageSchema, async (input, identity) => {
  const result = await createPackage(identity, input);
  return result.ok ? afterWrite(result) : result;
});

export const updatePackageAction = userAction(ROLES, ZUpdatePackageSchema, async (input, identity) => {
  const result = await updatePackage(identity, input);
  return result.ok ? afterWrite(result) : result;
});

export const deletePackageAction = userAction(ROLES, ZDeletePackageSchema, async (input, identity) => {
  const result = await deletePackage(identity, input);
  return result.ok ? afterWrite(result) : result;
});
