import "server-only";
import { randomBytes } from "node:crypto";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity } from "@/lib/db/with-identity";
import type { TCalendarFeedForm } from "./schema";

// Creating and revoking a wedding's calendar link, as its planner (row-level
// security decides whose wedding it is; the audit trigger keeps every old
// token and when it was revoked). A wedding has one feed row: a new link
// replaces its token, so the old URL stops working at once.

type Result = ActionResult<{ message: string }>;

export const FEED_WEDDING_NOT_FOUND = "This wedding does not exist, or it is not yours to change.";
export const FEED_RACE = "Someone else changed this calendar link at the same moment. Reload the page.";

/** A new token like the column's default: 24 random bytes as base64url. */
function newToken(): string {
  return randomBytes(24).toString("base64url");
}

function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (code === "P2002" || code === "23505") return true;
  return cause !== undefined && cause !== error && isUniqueViolation(cause);
}

/** Creates the wedding's calendar link, or replaces the one it has (revoking it). */
export async function createCalendarFeed(identity: UserIdentity, input: TCalendarFeedForm): Promise<Result> {
  try {
    return await withIdentity(identity, async (tx) => {
      const wedding = await tx.wedding.findUnique({ where: { id: input.weddingId }, select: { id: true } });
      if (!wedding) throw new ActionError(FEED_WEDDING_NOT_FOUND);
      const existing = await tx.calendarFeed.findUnique({
        where: { weddingId: input.weddingId },
        select: { id: true, revokedAt: true },
      });
      if (!existing) {
        await tx.calendarFeed.create({ data: { weddingId: input.weddingId }, select: { id: true } });
        return { ok: true as const, message: "Created a calendar link. Subscribe to it in your calendar app." };
      }
      await tx.calendarFeed.update({
        where: { id: existing.id },
        data: { token: newToken(), createdAt: new Date(), revokedAt: null },
        select: { id: true },
      });
      return {
        ok: true as const,
        message:
          existing.revokedAt === null
            ? "Revoked the old calendar link and created a new one. Subscriptions to the old link stop updating."
            : "Created a new calendar link.",
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError(FEED_RACE);
    throw error;
  }
}

/** Revokes the wedding's calendar link: from now on it answers 404. */
export async function revokeCalendarFeed(identity: UserIdentity, input: TCalendarFeedForm): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({ where: { id: input.weddingId }, select: { id: true } });
    if (!wedding) throw new ActionError(FEED_WEDDING_NOT_FOUND);
    const revoked = await tx.calendarFeed.updateMany({
      where: { weddingId: input.weddingId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) throw new ActionError("This wedding has no live calendar link to revoke.");
    return { ok: true as const, message: "Revoked the calendar link. It no longer works anywhere." };
  });
}
