import "server-only";
import { readAs } from "@/lib/db/read-as";
import type { Identity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";

// RSVP aggregation per wedding (the report's section 5.5, without its
// fan-out): per wedding, the guests invited to at least one event that is not
// cancelled, those who accepted at least one, and those who have not answered
// any invitation yet (all Pending). A guest who declined everything is invited
// but neither accepted nor pending. Each guest counts once, however many
// events they are invited to. The cockpit's figures come from this statement
// (a CTE of its one statement); getRsvpSummary runs it alone.
//
// It reads guest_rsvp_state, one row per invited guest that triggers on
// event_rsvp and event keep (D32), instead of grouping every invitation of the
// wedding by guest: the same figures from an index-only read.

export type RsvpSummary = { weddingId: number; invited: number; accepted: number; pending: number };

/**
 * The aggregation for the weddings `weddings` selects (a subquery returning
 * wedding ids, e.g. the cockpit's filtered weddings). Row-level security
 * still limits it to the identity's own.
 */
export function rsvpSummaryQuery(weddings: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT s.wedding_id, count(*)::int AS invited,
           count(*) FILTER (WHERE s.accepted)::int AS accepted,
           count(*) FILTER (WHERE s.pending)::int AS pending
    FROM guest_rsvp_state s
    WHERE s.wedding_id IN (${weddings})
    GROUP BY s.wedding_id`;
}

/** The statement getRsvpSummary runs: the aggregation for a list of wedding ids, by wedding. */
export function rsvpSummaryByIdsQuery(weddingIds: readonly number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT s.wedding_id AS "weddingId", s.invited, s.accepted, s.pending
    FROM (${rsvpSummaryQuery(Prisma.sql`SELECT unnest(${[...weddingIds]}::int[])`)}) s
    ORDER BY s.wedding_id`;
}

/**
 * RSVP figures of the given weddings, by wedding id. A wedding without
 * invitations, or one the identity may not see, has no row.
 */
export async function getRsvpSummary(identity: Identity, weddingIds: readonly number[]): Promise<RsvpSummary[]> {
  if (weddingIds.length === 0) return [];
  return readAs<RsvpSummary>(identity, rsvpSummaryByIdsQuery(weddingIds));
}
