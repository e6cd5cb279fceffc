import type pg from "pg";

// For tests: two planners with weddings whose guests answered every way there
// is, written as the database owner. Ana's wedding "Rose" is the one reminded:
//   ceremony   — pending (email), pending (no email), pending (not an address),
//                accepted, declined; the reception-only guest is not invited
//   reception  — pending (email), accepted
//   rehearsal  — cancelled, one pending guest
// Ana's second wedding "Lily" and Ben's wedding "Iris" have pending guests with
// email too, who must never be reminded about Rose's events.

export type Fixture = {
  ana: { userId: number };
  ben: { userId: number };
  rose: { weddingId: number; ceremony: number; reception: number; rehearsal: number };
  lily: { weddingId: number; event: number };
  iris: { weddingId: number; event: number };
  guests: Record<GuestKey, { id: number; qrCode: string; email: string | null }>;
};

type GuestKey =
  "pending" | "noEmail" | "badEmail" | "accepted" | "declined" | "receptionOnly" | "lilyPending" | "irisPending";

async function id(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(`${sql} RETURNING *`, params);
  const row = rows[0] as Record<string, number> | undefined;
  if (!row) throw new Error(`no row from ${sql}`);
  return Object.values(row)[0]!;
}

async function planner(pool: pg.Pool, email: string, name: string) {
  const userId = await id(pool, "INSERT INTO users (email, name, role) VALUES ($1, $2, 'planner')", [email, name]);
  const plannerId = await id(pool, "INSERT INTO planner (user_id) VALUES ($1)", [userId]);
  const clientId = await id(pool, "INSERT INTO client (planner_id, name) VALUES ($1, $2)", [
    plannerId,
    `${name}'s couple`,
  ]);
  return { userId, plannerId, clientId };
}

async function wedding(pool: pg.Pool, owner: { plannerId: number; clientId: number }, name: string) {
  return id(
    pool,
    `INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date, rsvp_deadline)
     VALUES ($1, $2, $3, '2027-06-12', '2027-05-01')`,
    [owner.plannerId, owner.clientId, name],
  );
}

async function event(pool: pg.Pool, weddingId: number, name: string, type: string, status = "Scheduled") {
  return id(
    pool,
    `INSERT INTO event (wedding_id, name, event_type, region, event_date, start_time, end_time, status, location)
     VALUES ($1, $2, $3, 'Ohrid', '2027-06-12', '16:00', '01:00', $4, 'Old Town Chapel')`,
    [weddingId, name, type, status],
  );
}

export async function createReminderFixture(pool: pg.Pool): Promise<Fixture> {
  const ana = await planner(pool, "ana.planner@example.test", "Ana Planner");
  const ben = await planner(pool, "ben.planner@example.test", "Ben Planner");
  const rose = await wedding(pool, ana, "Rose & Sam");
  const lily = await wedding(pool, ana, "Lily & Tom");
  const iris = await wedding(pool, ben, "Iris & Max");
  const ceremony = await event(pool, rose, "Ceremony", "Ceremony");
  const reception = await event(pool, rose, "Reception", "Reception");
  const rehearsal = await event(pool, rose, "Rehearsal", "Rehearsal", "Cancelled");
  const lilyEvent = await event(pool, lily, "Ceremony", "Ceremony");
  const irisEvent = await event(pool, iris, "Ceremony", "Ceremony");

  const guests = {} as Fixture["guests"];
  async function guest(
    key: GuestKey,
    weddingId: number,
    email: string | null,
    rsvps: [eventId: number, status: "Pending" | "Accepted" | "Declined"][],
  ) {
    const householdId = await id(pool, "INSERT INTO household (wedding_id, name) VALUES ($1, $2)", [weddingId, key]);
    const { rows } = await pool.query<{ guest_id: number; qr_code: string }>(
      `INSERT INTO guest (wedding_id, household_id, full_name, email) VALUES ($1, $2, $3, $4)
       RETURNING guest_id, qr_code`,
      [weddingId, householdId, `Guest ${key}`, email],
    );
    const row = rows[0]!;
    for (const [eventId, status] of rsvps) {
      await pool.query(
        `INSERT INTO event_rsvp (wedding_id, event_id, guest_id, status, responded_at)
         VALUES ($1, $2, $3, $4::rsvp_status, CASE WHEN $4::rsvp_status = 'Pending' THEN NULL ELSE now() END)`,
        [weddingId, eventId, row.guest_id, status],
      );
    }
    guests[key] = { id: row.guest_id, qrCode: row.qr_code, email };
  }
  await guest("pending", rose, "pending@example.test", [
    [ceremony, "Pending"],
    [reception, "Pending"],
    [rehearsal, "Pending"],
  ]);
  await guest("noEmail", rose, null, [[ceremony, "Pending"]]);
  await guest("badEmail", rose, "not an address", [[ceremony, "Pending"]]);
  await guest("accepted", rose, "accepted@example.test", [
    [ceremony, "Accepted"],
    [reception, "Accepted"],
  ]);
  await guest("declined", rose, "declined@example.test", [[ceremony, "Declined"]]);
  await guest("receptionOnly", rose, "reception-only@example.test", [[reception, "Pending"]]);
  await guest("lilyPending", lily, "lily@example.test", [[lilyEvent, "Pending"]]);
  await guest("irisPending", iris, "iris@example.test", [[irisEvent, "Pending"]]);

  return {
    ana: { userId: ana.userId },
    ben: { userId: ben.userId },
    rose: { weddingId: rose, ceremony, reception, rehearsal },
    lily: { weddingId: lily, event: lilyEvent },
    iris: { weddingId: iris, event: irisEvent },
    guests,
  };
}
