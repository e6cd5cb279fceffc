import { z } from "zod";

// Session settings from the environment, checked once at start-up by server.ts
// so a typo stops the server with a clear message instead of weakening sign-in.

export const DEFAULT_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

const ZSessionMaxAgeSchema = z.coerce
  .number()
  .int()
  .min(60)
  .max(30 * 24 * 60 * 60);

export function getSessionMaxAgeSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SESSION_MAX_AGE_SECONDS?.trim();
  if (!raw) return DEFAULT_SESSION_MAX_AGE_SECONDS;
  const parsed = ZSessionMaxAgeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `SESSION_MAX_AGE_SECONDS must be a whole number of seconds between 60 and 2592000 (got "${raw.slice(0, 40)}").`,
    );
  }
  return parsed.data;
}

/** Admins and vendors must use a second factor; planners may. */
export function requiresMfa(role: "admin" | "planner" | "vendor"): boolean {
  return role === "admin" || role === "vendor";
}
