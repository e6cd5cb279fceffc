import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Identity } from "@/lib/db/with-identity";
import { getCurrentIdentity } from "./current-identity";

// Page and action guards. Authorization proper happens in the database (row-
// level security); these decide what a person may even ask for, and answer
// 404 rather than 403 so that nobody learns what exists.

export type UserRole = "admin" | "planner" | "vendor";
export type UserIdentity = Extract<Identity, { kind: "user" }>;

/** The signed-in person, if their role is allowed; otherwise sign-in or 404. */
export async function requireIdentity(roles: readonly UserRole[], nextPath?: string): Promise<UserIdentity> {
  const identity = await getCurrentIdentity();
  if (!identity || identity.kind !== "user") {
    redirect(nextPath ? `/sign-in?next=${encodeURIComponent(nextPath)}` : "/sign-in");
  }
  if (!roles.includes(identity.role)) notFound();
  return identity;
}

/** An admin, from an allowed address (ADMIN_IP_ALLOWLIST); otherwise 404. */
export async function requireAdmin(nextPath?: string): Promise<UserIdentity> {
  const identity = await requireIdentity(["admin"], nextPath);
  const { isAdminAddressAllowed } = await import("./admin-ip");
  if (!(await isAdminAddressAllowed())) notFound();
  return identity;
}
