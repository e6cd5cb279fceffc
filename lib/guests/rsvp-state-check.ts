import type pg from "pg";

// guest_rsvp_state (D32) against the invitations it is derived from: the
// guests whose stored figures differ from what grouping their invitations
// gives, in either direction. Run by the database's owner; docs/operations.md
// prints the same statement for operators, and the tests call it.

export type GuestRsvpStateRow = { guest_id: number; wedding_id: number; accepted: boolean; pending: boolean };

export const GUEST_RSVP_STATE_DIFFERENCES_SQL = `
  WITH truth AS (
    SELECT r.guest_id, r.wedding_id, bool_or(r.status = 'Accepted') AS accepted, bool_and(r.status = 'Pending') AS pending
    FROM event_rsvp r JOIN event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id
    WHERE e.status <> 'Cancelled' GROUP BY r.guest_id, r.wedding_id)
  (SELECT * FROM truth EXCEPT SELECT guest_id, wedding_id, accepted, pending FROM guest_rsvp_state)
  UNION ALL
  (SELECT guest_id, wedding_id, accepted, pending FROM guest_rsvp_state EXCEPT SELECT * FROM truth)`;

/** The differing rows (the derived side or the true side of each), empty when the table is right. */
export async function findGuestRsvpStateDifferences(owner: pg.Pool | pg.PoolClient): Promise<GuestRsvpStateRow[]> {
  return (await owner.query<GuestRsvpStateRow>(GUEST_RSVP_STATE_DIFFERENCES_SQL)).rows;
}
