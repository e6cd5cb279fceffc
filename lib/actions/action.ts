import "server-only";
import { z } from "zod";
import type { Identity } from "@/lib/db/with-identity";
import { getCurrentIdentity } from "@/lib/auth/current-identity";
import type { UserIdentity, UserRole } from "@/lib/auth/guards";
import { isAdminAddressAllowed } from "@/lib/auth/admin-ip";
import { getSessionState } from "@/lib/auth/session";
import type { TSessionStatus, TSessionUser } from "@/lib/auth/session-state";
import { getRequestLogger } from "@/lib/log/request";

// The one way to write a server action: parse the FormData with zod, check who
// is asking, call the domain function. The result is always a plain object a
// form can show: { ok: true, ... } or { ok: false, error, fieldErrors }, never
// an exception's text. Ids that decide ownership come from the identity, not
// from the form.

export type ActionResult<T = unknown> =
  | ({ ok: true } & (T extends object ? T : object))
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

async function fail(error: unknown): Promise<{ ok: false; error: string; fieldErrors?: Record<string, string[]> }> {
  if (error instanceof ActionError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
  // Next.js signals redirect()/notFound() by throwing; let them through.
  if (
    error &&
    typeof error === "object" &&
    "digest" in error &&
    typeof (error as { digest: unknown }).digest === "string"
  ) {
    const digest = (error as { digest: string }).digest;
    if (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) throw error;
  }
  (await getRequestLogger()).error({ err: error }, "server action failed");
  return { ok: false, error: "Something went wrong. Nothing was changed; please try again." };
}

function parse<S extends z.ZodType>(schema: S, formData: FormData) {
  const parsed = schema.safeParse(formDataToObject(formData));
  if (parsed.success) return { ok: true as const, data: parsed.data as z.infer<S> };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return {
    ok: false as const,
    result: { ok: false as const, error: "Please correct the highlighted fields.", fieldErrors },
  };
}

/** A server action for signed-in people with one of `roles` (admins also from an allowed address). */
export function userAction<S extends z.ZodType, T>(
  roles: readonly UserRole[],
  schema: S,
  fn: (input: z.infer<S>, identity: UserIdentity) => Promise<ActionResult<T>>,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const identity = await getCurrentIdentity();
    if (!identity || identity.kind !== "user" || !roles.includes(identity.role)) {
      return { ok: false, error: "Not found." };
    }
    if (identity.role === "admin" && !(await isAdminAddressAllowed())) return { ok: false, error: "Not found." };
    const parsed = parse(schema, formData);
    if (!parsed.ok) return parsed.result;
    try {
      return await fn(parsed.data, identity);
    } catch (error) {
      return fail(error);
    }
  };
}

/**
 * A server action on the signed-in account itself (the MFA step, MFA
 * enrollment, password change): for a session in one of `statuses`, which
 * need not be fully signed in yet. It acts only on that session's own user.
 */
export function sessionAction<S extends z.ZodType, T>(
  statuses: readonly Exclude<TSessionStatus, "signed-out">[],
  schema: S,
  fn: (input: z.infer<S>, user: TSessionUser) => Promise<ActionResult<T>>,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const session = await getSessionState();
    if (session.status === "signed-out" || !statuses.includes(session.status)) {
      return { ok: false, error: "Your session has ended. Please sign in again." };
    }
    const parsed = parse(schema, formData);
    if (!parsed.ok) return parsed.result;
    try {
      return await fn(parsed.data, session.user);
    } catch (error) {
      return fail(error);
    }
  };
}

/** A server action for a guest identified by their RSVP token (no account). */
export function guestAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, identity: Extract<Identity, { kind: "guest" }>) => Promise<ActionResult<T>>,
  tokenFrom: (input: z.infer<S>) => string,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const parsed = parse(schema, formData);
    if (!parsed.ok) return parsed.result;
    try {
      return await fn(parsed.data, { kind: "guest", guestToken: tokenFrom(parsed.data) });
    } catch (error) {
      return fail(error);
    }
  };
}
