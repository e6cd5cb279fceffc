"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/actions/action";
import { ZChangeRoleSchema, ZCreateUserSchema, ZResetMfaSchema, ZSetDisabledSchema } from "./schema";
import { changeUserRole, createUser, resetUserMfa, setUserDisabled } from "./users";

// The admin users page's server actions. Only these are callable from the
// browser; the functions in ./users take the identity, so they are not.

export const createUserAction = userAction(["admin"], ZCreateUserSchema, async (input, identity) => {
  const result = await createUser(identity, input);
  revalidatePath("/admin/users");
  return result;
});

export const setUserDisabledAction = userAction(["admin"], ZSetDisabledSchema, async (input, identity) => {
  const result = await setUserDisabled(identity, input);
  revalidatePath("/admin/users");
  return result;
});

export const resetUserMfaAction = userAction(["admin"], ZResetMfaSchema, async (input, identity) => {
  const result = await resetUserMfa(identity, input);
  revalidatePath("/admin/users");
  return result;
});

export const changeUserRoleAction = userAction(["admin"], ZChangeRoleSchema, async (input, identity) => {
  const result = await changeUserRole(identity, input);
  revalidatePath("/admin/users");
  return result;
});
