import pg from "pg";
import { getKeyring, keyringSettings } from "@/lib/crypto/keyring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "./demo-data";

// The vendor portal's demo data: a Sent proposal from planner1 to the demo
// florist and a short thread, which the vendor login sees; and a reset that
// rebuilds it.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

async function demoProposal() {
  const { rows } = await db.pool.query(
    `SELECT p.proposal_id, p.status, p.total_amount::text AS total, p.valid_until > current_date AS valid,
            u.email AS planner, v.name AS vendor, w.planner_id = pl.planner_id AS own_wedding,
            (SELECT count(*)::int FROM proposal_line l WHERE l.proposal_id = p.proposal_id) AS lines
     FROM proposal p JOIN users u ON u.user_id = p.created_by JOIN vendor v ON v.vendor_id = p.vendor_id
     JOIN wedding w ON w.wedding_id = p.wedding_id JOIN planner pl ON pl.user_id = u.user_id`,
  );
  return rows;
}

describe("the demo proposals", () => {
  it("hold a valid Sent proposal from planner1 to Peony & Vine Florals for one of planner1's weddings", async () => {
    expect(await demoProposal()).toEqual([
      {
        proposal_id: expect.any(Number),
        status: "Sent",
        total: "2570.00",
        valid: true,
        planner: "planner1@demo.wedding",
        vendor: "Peony & Vine Florals",
        own_wedding: true,
        lines: 5,
      },
    ]);
  });

  it("hold a short thread the vendor login sees, with one message unread", async () => {
    const { rows: users } = await db.pool.query<{ user_id: number }>(
      `SELECT user_id FROM users WHERE email = 'vendor@demo.wedding'`,
    );
    const app = new pg.Pool({ connectionString: db.appUrl, max: 1 });
    const client = await app.connect();
    try {
      await client.query("BEGIN");
      await client.query(`SELECT set_config('app.user_id', $1, true), set_config('app.role', 'vendor', true)`, [
        String(users[0]!.user_id),
      ]);
      const { rows } = await client.query(
        `SELECT t.message_count, w.wedding_name IS NOT NULL AS named,
                (SELECT count(*)::int FROM message m WHERE m.thread_id = t.thread_id
                   AND m.sender_side = 'planner' AND m.seq > t.vendor_read_seq) AS unread
         FROM message_thread t JOIN wedding w USING (wedding_id)`,
      );
      expect(rows).toEqual([{ message_count: 3, named: true, unread: 1 }]);
      expect((await client.query(`SELECT 1 FROM proposal WHERE status = 'Sent'`)).rowCount).toBe(1);
      await client.query("ROLLBACK");
    } finally {
      client.release();
      await app.end();
    }
  });

  it("are rebuilt by a reset, even after the vendor accepted", async () => {
    const [first] = await demoProposal();
    // As the app would: the accept writes the contract, whose document reference is encrypted.
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const keys = keyringSettings(getKeyring());
      await client.query(
        `SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true),
                set_config('app.master_key', $1, true), set_config('app.master_key_id', $2, true)`,
        [keys.key, keys.keyId],
      );
      await client.query("UPDATE proposal SET status = 'Accepted'");
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
    expect((await db.pool.query(`SELECT 1 FROM contract`)).rowCount).toBe(1);
    await seedDemoData(db.prisma, { reset: true });
    const [again] = await demoProposal();
    expect(again).toMatchObject({ status: "Sent", total: "2570.00", lines: 5 });
    expect(again.proposal_id).toBeGreaterThan(first.proposal_id);
    expect((await db.pool.query(`SELECT 1 FROM contract`)).rowCount).toBe(0);
  });
});
