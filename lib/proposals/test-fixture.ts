import type pg from "pg";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { TestDatabase } from "@/lib/test/db";

// For tests of the vendor portal: the demo data, plus a second vendor login.
//   planner  — planner of a wedding the demo vendor (Peony & Vine Florals) is booked for,
//              and of another wedding without proposals or conversations (the demo has one)
//   other    — another planner, with weddings of their own
//   vendor   — the demo vendor; rival — another active vendor with a login of its own
// Everything is written as the database owner.

export type PortalFixture = {
  planner: { userId: number; weddingId: number; otherWeddingId: number };
  other: { userId: number; weddingId: number };
  vendor: { userId: number; vendorId: number; name: string };
  rival: { userId: number; vendorId: number };
  inactiveVendorId: number;
  guestToken: string;
};

async function one<T>(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await pool.query(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0] as T;
}

export async function createPortalFixture(db: TestDatabase): Promise<PortalFixture> {
  await seedDemoData(db.prisma);
  const pool = db.pool;
  const vendor = await one<{ user_id: number; vendor_id: number; name: string }>(
    pool,
    `SELECT u.user_id, v.vendor_id, v.name FROM vendor v JOIN users u USING (user_id) WHERE u.email = 'vendor@demo.wedding'`,
  );
  const booked = await one<{ wedding_id: number; planner_id: number; user_id: number }>(
    pool,
    `SELECT w.wedding_id, w.planner_id, p.user_id FROM booking b
       JOIN wedding w ON w.wedding_id = b.wedding_id JOIN planner p ON p.planner_id = w.planner_id
      WHERE b.vendor_id = $1 AND w.status NOT IN ('Completed', 'Cancelled') ORDER BY w.wedding_date LIMIT 1`,
    [vendor.vendor_id],
  );
  const otherOfPlanner = await one<{ wedding_id: number }>(
    pool,
    `SELECT wedding_id FROM wedding w WHERE planner_id = $1 AND wedding_id <> $2
       AND status NOT IN ('Completed', 'Cancelled')
       AND NOT EXISTS (SELECT 1 FROM message_thread t WHERE t.wedding_id = w.wedding_id)
       AND NOT EXISTS (SELECT 1 FROM proposal p WHERE p.wedding_id = w.wedding_id)
     ORDER BY wedding_id LIMIT 1`,
    [booked.planner_id, booked.wedding_id],
  );
  const other = await one<{ user_id: number; wedding_id: number }>(
    pool,
    `SELECT p.user_id, w.wedding_id FROM planner p JOIN wedding w USING (planner_id)
      WHERE p.planner_id <> $1 AND w.status NOT IN ('Completed', 'Cancelled') ORDER BY w.wedding_id LIMIT 1`,
    [booked.planner_id],
  );
  const rivalUser = await one<{ user_id: number }>(
    pool,
    `INSERT INTO users (email, name, role) VALUES ('rival.vendor@example.test', 'Rival Vendor', 'vendor') RETURNING user_id`,
  );
  const rival = await one<{ vendor_id: number }>(
    pool,
    `UPDATE vendor SET user_id = $1
      WHERE vendor_id = (SELECT vendor_id FROM vendor WHERE status = 'Active' AND user_id IS NULL ORDER BY vendor_id LIMIT 1)
      RETURNING vendor_id`,
    [rivalUser.user_id],
  );
  const inactive = await one<{ vendor_id: number }>(
    pool,
    `SELECT vendor_id FROM vendor WHERE status <> 'Active' ORDER BY vendor_id LIMIT 1`,
  );
  const guest = await one<{ qr_code: string }>(
    pool,
    `SELECT qr_code FROM guest WHERE wedding_id = $1 ORDER BY guest_id LIMIT 1`,
    [booked.wedding_id],
  );
  return {
    planner: { userId: booked.user_id, weddingId: booked.wedding_id, otherWeddingId: otherOfPlanner.wedding_id },
    other: { userId: other.user_id, weddingId: other.wedding_id },
    vendor: { userId: vendor.user_id, vendorId: vendor.vendor_id, name: vendor.name },
    rival: { userId: rivalUser.user_id, vendorId: rival.vendor_id },
    inactiveVendorId: inactive.vendor_id,
    guestToken: guest.qr_code,
  };
}

/** Moves a proposal's validity into the past, as only the owner can: with the triggers off for this statement. */
export async function expireProposal(pool: pg.Pool, proposalId: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query("UPDATE proposal SET valid_until = current_date - 1 WHERE proposal_id = $1", [proposalId]);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}
