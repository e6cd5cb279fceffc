import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import { listPlanners } from "@/lib/payments/test-fixtures";
import {
  findGuestRsvpStateDifferences,
  GUEST_RSVP_STATE_DIFFERENCES_SQL,
  type GuestRsvpStateRow,
} from "./rsvp-state-check";

// guest_rsvp_state (D32): the per-guest RSVP figures that triggers keep on
// event_rsvp and event. After every kind of change, by whoever makes it, the
// table must hold exactly what grouping the invitations gives; concurrent
// answers of one guest must not leave a stale state; and the app reads it
// through row-level security but never writes it.

let db: TestDatabase;
let app: pg.Pool;
let planners: { userId: number; weddingIds: number[] }[];

type StateRow = GuestRsvpStateRow;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
  app = new pg.Pool({ connectionString: db.appUrl, max: 2 });
  planners = await listPlanners(db);
}, 240_000);

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

const STATE_SQL = `SELECT guest_id, wedding_id, accepted, pending FROM guest_rsvp_state ORDER BY guest_id`;

/** The table agrees with the invitations (the operators' check), and its rows. */
async function expectInStep(): Promise<StateRow[]> {
  expect(await findGuestRsvpStateDifferences(db.pool)).toEqual([]);
  return (await db.pool.query<StateRow>(STATE_SQL)).rows;
}

/** A guest invited to at least two events of a wedding, with the ids of those invitations. */
async function guestWithTwoInvitations(): Promise<{ guestId: number; weddingId: number; rsvpIds: number[] }> {
  const { rows } = await db.pool.query<{ guest_id: number; wedding_id: number; rsvp_ids: number[] }>(`
    SELECT r.guest_id, r.wedding_id, array_agg(r.rsvp_id ORDER BY r.rsvp_id) AS rsvp_ids
    FROM event_rsvp r JOIN event e ON e.event_id = r.event_id AND e.status <> 'Cancelled'
    GROUP BY r.guest_id, r.wedding_id HAVING count(*) >= 2
    ORDER BY r.guest_id LIMIT 1`);
  const row = rows[0]!;
  return { guestId: row.guest_id, weddingId: row.wedding_id, rsvpIds: row.rsvp_ids };
}

async function stateOf(guestId: number): Promise<StateRow | undefined> {
  return (await db.pool.query<StateRow>(`${STATE_SQL.replace("ORDER BY", "WHERE guest_id = $1 ORDER BY")}`, [guestId]))
    .rows[0];
}

async function as<T>(
  settings: { userId?: number; role?: string; guestToken?: string },
  fn: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.guest_token', $3, true)",
      [settings.userId ? String(settings.userId) : "", settings.role ?? "", settings.guestToken ?? ""],
    );
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

describe("guest_rsvp_state follows the invitations", () => {
  it("starts equal to the invitations grouped by guest, for every seeded guest", async () => {
    expect((await expectInStep()).length).toBeGreaterThan(100);
  });

  it("follows answers, a meal choice alone, a new invitation and a removed one", async () => {
    const g = await guestWithTwoInvitations();
    await db.pool.query(`UPDATE event_rsvp SET status = 'Pending' WHERE guest_id = $1`, [g.guestId]);
    expect(await stateOf(g.guestId)).toMatchObject({ accepted: false, pending: true });
    await db.pool.query(`UPDATE event_rsvp SET status = 'Accepted' WHERE rsvp_id = $1`, [g.rsvpIds[0]]);
    expect(await stateOf(g.guestId)).toMatchObject({ accepted: true, pending: false });
    await db.pool.query(`UPDATE event_rsvp SET status = 'Declined' WHERE guest_id = $1`, [g.guestId]);
    expect(await stateOf(g.guestId)).toMatchObject({ accepted: false, pending: false });

    const before = (await db.pool.query(`SELECT updated_at FROM guest_rsvp_state WHERE guest_id = $1`, [g.guestId]))
      .rows[0];
    await db.pool.query(`UPDATE event_rsvp SET meal_choice = 'Fish' WHERE guest_id = $1`, [g.guestId]);
    const after = (await db.pool.query(`SELECT updated_at FROM guest_rsvp_state WHERE guest_id = $1`, [g.guestId]))
      .rows[0];
    expect(after).toEqual(before);

    await db.pool.query(`DELETE FROM event_rsvp WHERE guest_id = $1`, [g.guestId]);
    expect(await stateOf(g.guestId)).toBeUndefined();
    const { rows: events } = await db.pool.query<{ event_id: number }>(
      `SELECT event_id FROM event WHERE wedding_id = $1 AND status <> 'Cancelled' ORDER BY event_id LIMIT 1`,
      [g.weddingId],
    );
    await db.pool.query(`INSERT INTO event_rsvp (wedding_id, event_id, guest_id) VALUES ($1, $2, $3)`, [
      g.weddingId,
      events[0]!.event_id,
      g.guestId,
    ]);
    expect(await stateOf(g.guestId)).toMatchObject({ wedding_id: g.weddingId, accepted: false, pending: true });
    await expectInStep();
  });

  it("follows an event cancelled and restored, and an event or a guest deleted", async () => {
    const weddingId = planners[0]!.weddingIds[0]!;
    const { rows } = await db.pool.query<{ event_id: number }>(
      `SELECT e.event_id FROM event e WHERE e.wedding_id = $1 AND e.status <> 'Cancelled'
         AND EXISTS (SELECT 1 FROM event_rsvp r WHERE r.event_id = e.event_id) ORDER BY e.event_id`,
      [weddingId],
    );
    expect(rows.length).toBeGreaterThan(0);
    const eventId = rows[0]!.event_id;
    const invitedBefore = (
      await db.pool.query(`SELECT count(*)::int AS n FROM guest_rsvp_state WHERE wedding_id = $1`, [weddingId])
    ).rows[0].n;

    await db.pool.query(`UPDATE event SET status = 'Cancelled' WHERE wedding_id = $1`, [weddingId]);
    expect((await db.pool.query(`SELECT 1 FROM guest_rsvp_state WHERE wedding_id = $1`, [weddingId])).rowCount).toBe(0);
    await db.pool.query(`UPDATE event SET status = 'Scheduled' WHERE wedding_id = $1`, [weddingId]);
    expect(
      (await db.pool.query(`SELECT count(*)::int AS n FROM guest_rsvp_state WHERE wedding_id = $1`, [weddingId]))
        .rows[0].n,
    ).toBeGreaterThanOrEqual(invitedBefore);
    await expectInStep();

    await db.pool.query(`DELETE FROM event WHERE event_id = $1`, [eventId]);
    await expectInStep();
    const { rows: guests } = await db.pool.query<{ guest_id: number }>(
      `SELECT guest_id FROM guest_rsvp_state WHERE wedding_id = $1 ORDER BY guest_id LIMIT 3`,
      [weddingId],
    );
    await db.pool.query(`DELETE FROM guest WHERE guest_id = ANY($1)`, [guests.map((g) => g.guest_id)]);
    await expectInStep();
  });

  it("follows a guest's own answer, saved through the app role as that guest", async () => {
    const { rows } = await db.pool.query<{ qr_code: string; guest_id: number; rsvp_id: number }>(`
      SELECT g.qr_code, g.guest_id, r.rsvp_id FROM guest g JOIN event_rsvp r ON r.guest_id = g.guest_id
      JOIN event e ON e.event_id = r.event_id AND e.status <> 'Cancelled'
      WHERE g.qr_code IS NOT NULL ORDER BY g.guest_id LIMIT 1`);
    const row = rows[0]!;
    await db.pool.query(`UPDATE event_rsvp SET status = 'Pending' WHERE guest_id = $1`, [row.guest_id]);
    await as({ guestToken: row.qr_code, role: "guest" }, async (c) => {
      const updated = await c.query(`UPDATE event_rsvp SET status = 'Accepted' WHERE rsvp_id = $1`, [row.rsvp_id]);
      expect(updated.rowCount).toBe(1);
    });
    expect(await stateOf(row.guest_id)).toMatchObject({ accepted: true, pending: false });
    await expectInStep();
  });

  it("takes concurrent answers of one guest in turn, so neither is lost", async () => {
    const g = await guestWithTwoInvitations();
    await db.pool.query(`UPDATE event_rsvp SET status = 'Pending' WHERE guest_id = $1`, [g.guestId]);
    // The audit trail's hash chain already makes audited writes take turns (its
    // head row is locked until commit); without it, only the wedding lock does.
    await db.pool.query(`ALTER TABLE event_rsvp DISABLE TRIGGER audit`);
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      await first.query("BEGIN");
      await second.query("BEGIN");
      await first.query(`UPDATE event_rsvp SET status = 'Accepted' WHERE rsvp_id = $1`, [g.rsvpIds[0]]);
      // The second waits for the first's wedding lock, then reads what the first committed.
      const waiting = second.query(`UPDATE event_rsvp SET status = 'Declined' WHERE rsvp_id = $1`, [g.rsvpIds[1]]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query("COMMIT");
      await waiting;
      await second.query("COMMIT");
    } finally {
      first.release();
      second.release();
      await db.pool.query(`ALTER TABLE event_rsvp ENABLE TRIGGER audit`);
    }
    // One accepted, one declined. Without the lock the second would have
    // computed "accepted: false" from a snapshot without the first's answer.
    expect(await stateOf(g.guestId)).toMatchObject({ accepted: true, pending: false });
    await expectInStep();
  });
});

describe("checking and rebuilding it (docs/operations.md)", () => {
  it("the check finds a wrong row, a missing one and an extra one", async () => {
    const [a, b] = (await db.pool.query<StateRow>(`${STATE_SQL} LIMIT 2`)).rows;
    await db.pool.query(`UPDATE guest_rsvp_state SET accepted = NOT accepted WHERE guest_id = $1`, [a!.guest_id]);
    await db.pool.query(`DELETE FROM guest_rsvp_state WHERE guest_id = $1`, [b!.guest_id]);
    const found = await findGuestRsvpStateDifferences(db.pool);
    expect(found).toHaveLength(3);
    expect(new Set(found.map((row) => row.guest_id))).toEqual(new Set([a!.guest_id, b!.guest_id]));
    await db.pool.query(`SELECT guest_rsvp_state_refresh(ARRAY[$1::int, $2::int])`, [a!.guest_id, b!.guest_id]);
    await expectInStep();
  });

  it("is the statement the operations guide prints", () => {
    const flat = (text: string) => text.replace(/\s+/g, " ").trim();
    expect(flat(fs.readFileSync("docs/operations.md", "utf8"))).toContain(flat(GUEST_RSVP_STATE_DIFFERENCES_SQL));
  });

  it("restores every guest's figures, one wedding per transaction", async () => {
    await db.pool.query(`DELETE FROM guest_rsvp_state`);
    await db.pool.query(`
      DO $$
      DECLARE w INTEGER;
      BEGIN
        FOR w IN SELECT wedding_id FROM wedding ORDER BY wedding_id LOOP
          PERFORM guest_rsvp_state_refresh(ARRAY(SELECT guest_id FROM guest WHERE wedding_id = w));
          COMMIT;
        END LOOP;
      END $$;`);
    expect((await expectInStep()).length).toBeGreaterThan(100);
  });
});

describe("who may read and write it", () => {
  it("a planner sees the state of their own weddings' guests only; no identity sees none", async () => {
    const [a, b] = planners;
    const seen = await as({ userId: a!.userId, role: "planner" }, async (c) =>
      (await c.query<{ wedding_id: number }>(`SELECT DISTINCT wedding_id FROM guest_rsvp_state ORDER BY 1`)).rows.map(
        (r) => r.wedding_id,
      ),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((id) => a!.weddingIds.includes(id))).toBe(true);
    expect(seen.some((id) => b!.weddingIds.includes(id))).toBe(false);
    const none = await as({}, async (c) => (await c.query(`SELECT 1 FROM guest_rsvp_state`)).rowCount);
    expect(none).toBe(0);
  });

  it("the app role can neither write it nor call the refresh itself", async () => {
    const a = planners[0]!;
    const asA = (sql: string) => as({ userId: a.userId, role: "planner" }, (c) => c.query(sql));
    await expect(asA(`DELETE FROM guest_rsvp_state`)).rejects.toThrow(/permission denied/);
    await expect(asA(`UPDATE guest_rsvp_state SET accepted = true`)).rejects.toThrow(/permission denied/);
    await expect(asA(`SELECT guest_rsvp_state_refresh(ARRAY[1])`)).rejects.toThrow(/permission denied/);
    await expect(asA(`SELECT guest_rsvp_state_refresh_events(ARRAY[1])`)).rejects.toThrow(/permission denied/);
  });
});
