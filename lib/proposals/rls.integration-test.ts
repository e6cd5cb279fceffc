import pg from "pg";
import { getKeyring, keyringSettings } from "@/lib/crypto/keyring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { createPortalFixture, expireProposal, type PortalFixture } from "./test-fixture";

// The vendor portal's tables at the SQL level, as the app's runtime role with
// each kind of identity and no filters of our own: who sees which proposals,
// lines, contracts, threads and messages; what a vendor may change (the
// status, nothing else); and the triggers that hold even for the owner.

type Settings = { userId?: number; role?: string; guestToken?: string };
type Client = pg.PoolClient;

const TABLES = ["proposal", "proposal_line", "contract", "message_thread", "message"] as const;

let db: TestDatabase;
let app: pg.Pool;
let f: PortalFixture;
let proposalId: number;
let threadId: number;

async function run<T>(settings: Settings, fn: (client: Client) => Promise<T>, commit: boolean): Promise<T> {
  const client = await app.connect();
  try {
    await client.query("BEGIN");
    // As withIdentity does: signed-in users carry the master keys (a vendor's accept encrypts the contract).
    const keys = keyringSettings(settings.userId === undefined ? null : getKeyring());
    await client.query(
      `SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true), set_config('app.guest_token', $3, true),
              set_config('app.master_key', $4, true), set_config('app.master_key_id', $5, true)`,
      [
        settings.userId === undefined ? "" : String(settings.userId),
        settings.role ?? "",
        settings.guestToken ?? "",
        keys.key,
        keys.keyId,
      ],
    );
    const result = await fn(client);
    await client.query(commit ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

/** Runs as the identity and rolls back. */
const as = <T>(settings: Settings, fn: (client: Client) => Promise<T>) => run(settings, fn, false);
/** Runs as the identity and commits. */
const commitAs = <T>(settings: Settings, fn: (client: Client) => Promise<T>) => run(settings, fn, true);

const planner = () => ({ userId: f.planner.userId, role: "planner" });
const otherPlanner = () => ({ userId: f.other.userId, role: "planner" });
const vendor = () => ({ userId: f.vendor.userId, role: "vendor" });
const rival = () => ({ userId: f.rival.userId, role: "vendor" });

async function count(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`, params);
  return Number(rows[0]!.n);
}

/** Expects the statement to fail with `pattern`, keeping the transaction usable. */
async function refused(client: Client, sql: string, params: unknown[], pattern: RegExp): Promise<void> {
  await client.query("SAVEPOINT attempt");
  await expect(client.query(sql, params)).rejects.toThrow(pattern);
  await client.query("ROLLBACK TO SAVEPOINT attempt");
}

/** A proposal of two lines (3 × 100.10 and 1 × 0.70 = 301.00), sent as the planner. */
async function sendProposal(client: Client, weddingId: number, vendorId: number, total = "301.00"): Promise<number> {
  const { rows } = await client.query<{ proposal_id: number }>(
    `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount, message)
     VALUES ($1, $2, current_date + 30, $3, 'Centrepieces') RETURNING proposal_id`,
    [weddingId, vendorId, total],
  );
  const id = rows[0]!.proposal_id;
  await client.query(
    `INSERT INTO proposal_line (proposal_id, position, description, quantity, unit_price)
     VALUES ($1, 1, 'Table centrepiece', 3, 100.10), ($1, 2, 'Delivery', 1, 0.70)`,
    [id],
  );
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  f = await createPortalFixture(db);
  app = new pg.Pool({ connectionString: db.appUrl, max: 4 });
  proposalId = await commitAs(planner(), (c) => sendProposal(c, f.planner.weddingId, f.vendor.vendorId));
  threadId = await commitAs(planner(), async (c) => {
    const { rows } = await c.query<{ thread_id: number }>(
      `INSERT INTO message_thread (wedding_id, vendor_id) VALUES ($1, $2)
       ON CONFLICT (wedding_id, vendor_id) DO NOTHING RETURNING thread_id`,
      [f.planner.weddingId, f.vendor.vendorId],
    );
    const id =
      rows[0]?.thread_id ??
      (
        await c.query<{ thread_id: number }>(
          `SELECT thread_id FROM message_thread WHERE wedding_id = $1 AND vendor_id = $2`,
          [f.planner.weddingId, f.vendor.vendorId],
        )
      ).rows[0]!.thread_id;
    await c.query(`INSERT INTO message (thread_id, body) VALUES ($1, 'Can you do peonies in June?')`, [id]);
    return id;
  });
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

describe("the tables", () => {
  it("have row-level security enabled and forced", async () => {
    const { rows } = await db.pool.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [TABLES],
    );
    expect(rows).toHaveLength(TABLES.length);
    for (const row of rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it("let the app role change only statuses and read markers: never lines, totals, dates or bodies", async () => {
    const can = async (table: string, column: string, privilege: string) =>
      (
        await db.pool.query<{ ok: boolean }>(`SELECT has_column_privilege('wedding_app', $1, $2, $3) AS ok`, [
          table,
          column,
          privilege,
        ])
      ).rows[0]!.ok;
    expect(await can("proposal", "status", "UPDATE")).toBe(true);
    for (const column of ["total_amount", "valid_until", "vendor_id", "wedding_id", "message", "responded_at"]) {
      expect(await can("proposal", column, "UPDATE"), column).toBe(false);
    }
    for (const column of ["description", "quantity", "unit_price", "proposal_id"]) {
      expect(await can("proposal_line", column, "UPDATE"), column).toBe(false);
    }
    expect(await can("contract", "status", "UPDATE")).toBe(true);
    expect(await can("contract", "total_amount", "UPDATE")).toBe(false);
    expect(await can("contract", "proposal_id", "INSERT")).toBe(false);
    expect(await can("message", "body", "UPDATE")).toBe(false);
    expect(await can("message", "sender_side", "INSERT")).toBe(false);
    expect(await can("message_thread", "message_count", "UPDATE")).toBe(false);
    const deletable = await db.pool.query(
      `SELECT t FROM unnest($1::text[]) t WHERE has_table_privilege('wedding_app', t, 'DELETE')`,
      [TABLES],
    );
    expect(deletable.rows).toEqual([]);
  });

  it("are audited", async () => {
    const { rows } = await db.pool.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM audit_log WHERE table_name = ANY($1) ORDER BY table_name`,
      [TABLES],
    );
    expect(rows.map((r) => r.table_name)).toEqual(["message", "message_thread", "proposal", "proposal_line"]);
    const { rows: actors } = await db.pool.query<{ changed_by: string }>(
      `SELECT DISTINCT changed_by FROM audit_log WHERE table_name = 'proposal' AND record_id = $1`,
      [proposalId],
    );
    expect(actors).toEqual([{ changed_by: `user:${f.planner.userId}` }]);
  });
});

describe("who sees what", () => {
  it("the planner of the wedding sees the proposal, its lines, the thread and its messages", async () => {
    await as(planner(), async (c) => {
      expect(await count(c, "SELECT 1 FROM proposal WHERE proposal_id = $1", [proposalId])).toBe(1);
      expect(await count(c, "SELECT 1 FROM proposal_line WHERE proposal_id = $1", [proposalId])).toBe(2);
      expect(await count(c, "SELECT 1 FROM message_thread WHERE thread_id = $1", [threadId])).toBe(1);
      expect(await count(c, "SELECT 1 FROM message WHERE thread_id = $1", [threadId])).toBeGreaterThan(0);
    });
  });

  it("the vendor addressed sees the same rows, and the wedding's row", async () => {
    await as(vendor(), async (c) => {
      expect(await count(c, "SELECT 1 FROM proposal WHERE proposal_id = $1", [proposalId])).toBe(1);
      expect(await count(c, "SELECT 1 FROM proposal_line WHERE proposal_id = $1", [proposalId])).toBe(2);
      expect(await count(c, "SELECT 1 FROM message WHERE thread_id = $1", [threadId])).toBeGreaterThan(0);
      expect(await count(c, "SELECT 1 FROM wedding WHERE wedding_id = $1", [f.planner.weddingId])).toBe(1);
      expect(await count(c, "SELECT 1 FROM proposal WHERE vendor_id <> $1", [f.vendor.vendorId])).toBe(0);
    });
  });

  for (const [who, settings] of [
    ["another planner", otherPlanner],
    ["another vendor", rival],
    ["a guest of the wedding", () => ({ role: "guest", guestToken: f.guestToken })],
    ["nobody", () => ({})],
    ["a role without a user id", () => ({ role: "admin" })],
  ] as const) {
    it(`${who} sees none of the rows`, async () => {
      await as(settings(), async (c) => {
        for (const table of TABLES) expect(await count(c, `SELECT 1 FROM ${table}`), table).toBe(0);
      });
    });
  }

  it("a vendor reads no guest, household, RSVP, budget or expense row, even of the weddings that booked them", async () => {
    const booked = await db.pool.query<{ wedding_id: number }>(
      `SELECT DISTINCT wedding_id FROM booking WHERE vendor_id = $1`,
      [f.vendor.vendorId],
    );
    const weddingIds = booked.rows.map((r) => r.wedding_id);
    expect(weddingIds).toContain(f.planner.weddingId);
    for (const table of ["guest", "household", "event_rsvp", "budget", "expense"]) {
      const { rows } = await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE wedding_id = ANY($1)`,
        [weddingIds],
      );
      expect(Number(rows[0]!.n), `the seed gave ${table} rows`).toBeGreaterThan(0);
    }
    await as(vendor(), async (c) => {
      expect(await count(c, "SELECT 1 FROM wedding WHERE wedding_id = ANY($1)", [weddingIds])).toBe(weddingIds.length);
      for (const table of ["guest", "household", "event_rsvp", "budget", "expense", "payment", "event"]) {
        expect(await count(c, `SELECT 1 FROM ${table}`), table).toBe(0);
        expect(await count(c, `SELECT 1 FROM ${table} WHERE wedding_id = ANY($1)`, [weddingIds]), table).toBe(0);
      }
      expect(await count(c, "SELECT 1 FROM client")).toBe(0);
    });
  });

  it("a vendor learns where their weddings take place, and nothing of other weddings' venues", async () => {
    const venues = await as(vendor(), async (c) => (await c.query(`SELECT * FROM vendor_booking_venues()`)).rows);
    expect(venues.length).toBeGreaterThan(0);
    const mine = await db.pool.query<{ wedding_id: number }>(
      `SELECT DISTINCT wedding_id FROM booking WHERE vendor_id = $1`,
      [f.vendor.vendorId],
    );
    const ids = mine.rows.map((r) => r.wedding_id);
    for (const row of venues) expect(ids).toContain(row.wedding_id);
    await as(rival(), async (c) => {
      const theirs = (await c.query(`SELECT * FROM vendor_booking_venues() WHERE wedding_id = ANY($1)`, [ids])).rows;
      const rivalBooked = await db.pool.query(`SELECT 1 FROM booking WHERE vendor_id = $1 AND wedding_id = ANY($2)`, [
        f.rival.vendorId,
        ids,
      ]);
      if (rivalBooked.rowCount === 0) expect(theirs).toEqual([]);
    });
    await as(planner(), async (c) => expect((await c.query(`SELECT * FROM vendor_booking_venues()`)).rows).toEqual([]));
  });
});

describe("writing", () => {
  it("another planner can neither send for the wedding, nor add lines, nor write in its thread", async () => {
    await as(otherPlanner(), async (c) => {
      await refused(
        c,
        `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount) VALUES ($1, $2, current_date, 1)`,
        [f.planner.weddingId, f.vendor.vendorId],
        /row-level security/,
      );
      await refused(
        c,
        `INSERT INTO proposal_line (proposal_id, position, description, quantity, unit_price) VALUES ($1, 9, 'x', 1, 0)`,
        [proposalId],
        /row-level security|proposal_line_after_send/,
      );
      await refused(
        c,
        `INSERT INTO message (thread_id, body) VALUES ($1, 'hi')`,
        [threadId],
        /message_thread_not_found/,
      );
      await refused(
        c,
        `INSERT INTO message_thread (wedding_id, vendor_id) VALUES ($1, $2)`,
        [f.planner.weddingId, f.rival.vendorId],
        /row-level security/,
      );
    });
  });

  it("a planner cannot send to an inactive vendor, with a validity day in the past, or without lines", async () => {
    await as(planner(), async (c) => {
      await refused(
        c,
        `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount) VALUES ($1, $2, current_date, 1)`,
        [f.planner.weddingId, f.inactiveVendorId],
        /row-level security/,
      );
      await refused(
        c,
        `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount) VALUES ($1, $2, current_date - 1, 1)`,
        [f.planner.weddingId, f.vendor.vendorId],
        /proposal_valid_until_past/,
      );
    });
    await expect(
      commitAs(planner(), (c) =>
        c.query(
          `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount) VALUES ($1, $2, current_date, 0)`,
          [f.planner.weddingId, f.vendor.vendorId],
        ),
      ),
    ).rejects.toThrow(/proposal_without_lines/);
  });

  it("checks at commit that the total is the exact sum of the lines", async () => {
    await expect(
      commitAs(planner(), (c) => sendProposal(c, f.planner.weddingId, f.vendor.vendorId, "301.01")),
    ).rejects.toThrow(/proposal_total_mismatch/);
    const { rows } = await db.pool.query(`SELECT 1 FROM proposal WHERE total_amount = 301.01`);
    expect(rows).toEqual([]);
  });

  it("computes each line's total in SQL, exactly", async () => {
    const { rows } = await db.pool.query<{ line_total: string }>(
      `SELECT line_total::text FROM proposal_line WHERE proposal_id = $1 ORDER BY position`,
      [proposalId],
    );
    expect(rows.map((r) => r.line_total)).toEqual(["300.30", "0.70"]);
  });

  it("lines cannot be added to a proposal once it is sent, even by its planner", async () => {
    await as(planner(), async (c) => {
      await refused(
        c,
        `INSERT INTO proposal_line (proposal_id, position, description, quantity, unit_price) VALUES ($1, 3, 'Extra', 1, 0)`,
        [proposalId],
        /proposal_line_after_send/,
      );
    });
  });

  it("a vendor cannot send proposals, start threads, or post as the planner", async () => {
    await as(vendor(), async (c) => {
      await refused(
        c,
        `INSERT INTO proposal (wedding_id, vendor_id, valid_until, total_amount) VALUES ($1, $2, current_date, 1)`,
        [f.planner.weddingId, f.vendor.vendorId],
        /row-level security/,
      );
      await refused(
        c,
        `INSERT INTO message_thread (wedding_id, vendor_id) VALUES ($1, $2)`,
        [f.other.weddingId, f.vendor.vendorId],
        /row-level security/,
      );
      await refused(
        c,
        `INSERT INTO message (thread_id, body, sender_side) VALUES ($1, 'hi', 'planner')`,
        [threadId],
        /permission denied/,
      );
      const { rows } = await c.query<{ sender_side: string; sender_user_id: number }>(
        `INSERT INTO message (thread_id, body) VALUES ($1, 'Yes, peonies are fine.') RETURNING sender_side, sender_user_id`,
        [threadId],
      );
      expect(rows).toEqual([{ sender_side: "vendor", sender_user_id: f.vendor.userId }]);
    });
  });

  it("a vendor cannot change a proposal's lines or total, only answer it", async () => {
    await as(vendor(), async (c) => {
      await refused(
        c,
        `UPDATE proposal SET total_amount = 1 WHERE proposal_id = $1`,
        [proposalId],
        /permission denied/,
      );
      await refused(
        c,
        `UPDATE proposal SET valid_until = '2099-01-01' WHERE proposal_id = $1`,
        [proposalId],
        /permission denied/,
      );
      await refused(
        c,
        `UPDATE proposal_line SET unit_price = 0 WHERE proposal_id = $1`,
        [proposalId],
        /permission denied/,
      );
      await refused(c, `DELETE FROM proposal_line WHERE proposal_id = $1`, [proposalId], /permission denied/);
    });
  });

  it("another vendor cannot answer the proposal", async () => {
    await as(rival(), async (c) => {
      expect(
        (await c.query(`UPDATE proposal SET status = 'Accepted' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(0);
    });
    await as(otherPlanner(), async (c) => {
      expect(
        (await c.query(`UPDATE proposal SET status = 'Accepted' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(0);
    });
    // The planner who sent it cannot answer for the vendor either.
    await as(planner(), async (c) => {
      expect(
        (await c.query(`UPDATE proposal SET status = 'Accepted' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(0);
    });
  });

  it("the owner cannot rewrite a proposal's total or lines either", async () => {
    await expect(
      db.pool.query(`UPDATE proposal SET total_amount = 1 WHERE proposal_id = $1`, [proposalId]),
    ).rejects.toThrow(/proposal_immutable/);
    await expect(
      db.pool.query(`UPDATE proposal_line SET unit_price = 0 WHERE proposal_id = $1`, [proposalId]),
    ).rejects.toThrow(/proposal_line_immutable/);
  });

  it("an expired proposal cannot be accepted, by the database's clock", async () => {
    const expiring = await commitAs(planner(), (c) => sendProposal(c, f.planner.otherWeddingId, f.vendor.vendorId));
    await expireProposal(db.pool, expiring);
    await as(vendor(), async (c) => {
      await refused(
        c,
        `UPDATE proposal SET status = 'Accepted' WHERE proposal_id = $1`,
        [expiring],
        /proposal_expired/,
      );
    });
  });
});

describe("accepting", () => {
  it("writes the contract with its document metadata, once, and the vendor cannot undo or redo it", async () => {
    await commitAs(vendor(), async (c) => {
      const { rows } = await c.query(
        `UPDATE proposal SET status = 'Accepted' WHERE proposal_id = $1 RETURNING status`,
        [proposalId],
      );
      expect(rows).toEqual([{ status: "Accepted" }]);
    });
    const { rows } = await db.pool.query(
      `SELECT c.*, p.responded_at, c.total_amount::text AS total,
              encode(sha256(convert_to(contract_document_text(c.proposal_id, c.wedding_name, c.vendor_name, c.currency,
                     c.total_amount, p.valid_until, c.accepted_at), 'UTF8')), 'hex') AS recomputed
       FROM contract c JOIN proposal p USING (proposal_id) WHERE c.proposal_id = $1`,
      [proposalId],
    );
    expect(rows).toHaveLength(1);
    const contract = rows[0];
    expect(contract).toMatchObject({
      wedding_id: f.planner.weddingId,
      vendor_id: f.vendor.vendorId,
      vendor_name: f.vendor.name,
      total: "301.00",
      status: "Active",
      document_file_name: `contract-${proposalId}.txt`,
      document_content_type: "text/plain; charset=utf-8",
    });
    expect(contract.accepted_at).toEqual(contract.responded_at);
    expect(contract.document_sha256).toBe(contract.recomputed);
    expect(contract.document_size_bytes).toBeGreaterThan(50);

    await as(vendor(), async (c) => {
      expect(
        (await c.query(`UPDATE proposal SET status = 'Declined' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(0);
      expect(
        (await c.query(`UPDATE contract SET status = 'Cancelled' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(0);
      expect(await count(c, `SELECT 1 FROM contract WHERE proposal_id = $1`, [proposalId])).toBe(1);
    });
    await expect(
      db.pool.query(`UPDATE proposal SET status = 'Declined' WHERE proposal_id = $1`, [proposalId]),
    ).rejects.toThrow(/proposal_already_answered/);
  });

  it("the contract is immutable except its status, which the planner moves on once", async () => {
    await as(otherPlanner(), async (c) => {
      expect(await count(c, `SELECT 1 FROM contract`)).toBe(0);
      expect((await c.query(`UPDATE contract SET status = 'Cancelled'`)).rowCount).toBe(0);
    });
    await as(planner(), async (c) => {
      await refused(
        c,
        `UPDATE contract SET total_amount = 1 WHERE proposal_id = $1`,
        [proposalId],
        /permission denied/,
      );
      expect(
        (await c.query(`UPDATE contract SET status = 'Completed' WHERE proposal_id = $1`, [proposalId])).rowCount,
      ).toBe(1);
      await refused(
        c,
        `UPDATE contract SET status = 'Active' WHERE proposal_id = $1`,
        [proposalId],
        /contract_status_final/,
      );
    });
    await expect(
      db.pool.query(`UPDATE contract SET document_sha256 = repeat('0', 64) WHERE proposal_id = $1`, [proposalId]),
    ).rejects.toThrow(/contract_immutable/);
  });
});

describe("read markers", () => {
  it("each side moves only its own marker, never past the last message nor backwards", async () => {
    await as(vendor(), async (c) => {
      await refused(
        c,
        `UPDATE message_thread SET planner_read_seq = 1 WHERE thread_id = $1`,
        [threadId],
        /message_thread_other_side/,
      );
      await refused(
        c,
        `UPDATE message_thread SET message_count = 0 WHERE thread_id = $1`,
        [threadId],
        /permission denied/,
      );
      const { rows } = await c.query<{ vendor_read_seq: number; message_count: number }>(
        `UPDATE message_thread SET vendor_read_seq = 1000 WHERE thread_id = $1 RETURNING vendor_read_seq, message_count`,
        [threadId],
      );
      expect(rows[0]!.vendor_read_seq).toBe(rows[0]!.message_count);
      const back = await c.query<{ vendor_read_seq: number }>(
        `UPDATE message_thread SET vendor_read_seq = 0 WHERE thread_id = $1 RETURNING vendor_read_seq`,
        [threadId],
      );
      expect(back.rows[0]!.vendor_read_seq).toBe(rows[0]!.message_count);
    });
    await as(planner(), async (c) => {
      await refused(
        c,
        `UPDATE message_thread SET vendor_read_seq = 1 WHERE thread_id = $1`,
        [threadId],
        /message_thread_other_side/,
      );
    });
    await as(rival(), async (c) => {
      expect(
        (await c.query(`UPDATE message_thread SET vendor_read_seq = 1 WHERE thread_id = $1`, [threadId])).rowCount,
      ).toBe(0);
    });
  });

  it("numbers messages in order, and nobody edits one", async () => {
    const { rows } = await db.pool.query<{ seq: number }>(`SELECT seq FROM message WHERE thread_id = $1 ORDER BY seq`, [
      threadId,
    ]);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    await as(planner(), async (c) => {
      await refused(c, `UPDATE message SET body = 'edited' WHERE thread_id = $1`, [threadId], /permission denied/);
    });
    await expect(db.pool.query(`UPDATE message SET body = 'edited' WHERE thread_id = $1`, [threadId])).rejects.toThrow(
      /message_immutable/,
    );
  });
});
