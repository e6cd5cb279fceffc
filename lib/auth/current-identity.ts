import "server-only";
import type { Identity } from "@/lib/db/with-identity";

// Foundation placeholder: there is no sign-in yet, so every request acts as one
// admin. The sign-in issue replaces this with the next-auth session.
function unsafeFoundationIdentity(): Identity {
  return { kind: "user", userId: 0, role: "admin" };
}

/** The signed-in person, or null when nobody is signed in (or MFA is not complete). */
export async function getCurrentIdentity(): Promise<Identity | null> {
  // Safe for now: no row-level security policies exist yet, so this identity
  // grants nothing that the app's database connection does not already have.
  // The sign-in issue deletes this call and reads the session instead.
  return unsafeFoundationIdentity();
}
