import "server-only";
import type { Identity } from "@/lib/db/with-identity";
import { getSessionState } from "./session";

/** The signed-in person, or null when nobody is signed in (or MFA is not complete). */
export async function getCurrentIdentity(): Promise<Identity | null> {
  const session = await getSessionState();
  return session.status === "active" ? session.identity : null;
}
