import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Identity } from "@/lib/db/with-identity";
import { getSessionState } from "./session";
import type { TSessionState, TSessionStatus, TSessionUser } from "./session-state";

// Page and action guards. Authorization proper happens in the database (row-
// level security); these decide what a person may even ask for, and answer
// 404 rather than 403 so that nobody learns what exists.

export type UserRole = "admin" | "planner" | "vendor";
export type UserIdentity = Extract<Identity, { kind: "user" }>;

function withNext(path: string, nextPath?: string): string {
  return nextPath && nextPath !== "/" ? `${path}?next=${encodeURIComponent(nextPath)}` : path;
}

/** Sends a session that is part-way through sign-in to its next step. */
function redirectToPendingStep(session: TSessionState, nextPath?: string): never {
  if (session.status === "mfa-pending") redirect(withNext("/sign-in/mfa", nextPath));
  if (session.status === "mfa-enrollment") redirect("/account/mfa");
  redirect(withNext("/sign-in", nextPath));
}

/** The signed-in person, if their role is allowed; otherwise sign-in (or its MFA step) or 404. */
export async function requireIdentity(roles: readonly UserRole[], nextPath?: string): Promise<UserIdentity> {
  const session = await getSessionState();
  if (session.status !== "active") redirectToPendingStep(session, nextPath);
  if (!roles.includes(session.identity.role)) notFound();
  return session.identity;
}

/** An admin, from an allowed address (ADMIN_IP_ALLOWLIST); otherwise 404. */
export async function requireAdmin(nextPath?: string): Promise<UserIdentity> {
  const identity = await requireIdentity(["admin"], nextPath);
  const { isAdminAddressAllowed } = await import("./admin-ip");
  if (!(await isAdminAddressAllowed())) notFound();
  return identity;
}

/**
 * For the sign-in flow's own pages: a session in one of `statuses`. Any other
 * session goes where it belongs (its pending step, or home when fully signed in).
 */
export async function requireSessionUser(
  statuses: readonly Exclude<TSessionStatus, "signed-out">[],
  nextPath?: string,
): Promise<{ status: Exclude<TSessionStatus, "signed-out">; user: TSessionUser }> {
  const session = await getSessionState();
  if (session.status !== "signed-out" && statuses.includes(session.status)) {
    return { status: session.status, user: session.user };
  }
  if (session.status === "active") redirect("/");
  redirectToPendingStep(session, nextPath);
}
