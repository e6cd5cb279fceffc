import type { TestDatabase } from "@/lib/test/db";

// Fixtures for the payments tests, written as the owner: a vendor of their
// own (so no demo booking and no one-event-a-day rule gets in the way) and
// bookings with known totals on a wedding's day.

export type TestBooking = { bookingId: number; eventDate: string; weddingId: number; clientId: number };

export async function createTestVendor(db: TestDatabase, name: string): Promise<number> {
  const { rows } = await db.pool.query<{ vendor_id: number }>(
    `INSERT INTO vendor (name, service_category, region, status) VALUES ($1, 'Music', 'Tuscany', 'Active')
     RETURNING vendor_id`,
    [name],
  );
  return rows[0]!.vendor_id;
}

export async function createTestBooking(
  db: TestDatabase,
  weddingId: number,
  vendorId: number,
  total: string,
  status: "Pending" | "Confirmed" | "Cancelled" = "Confirmed",
): Promise<TestBooking> {
  const { rows } = await db.pool.query<{ booking_id: number; event_date: string; client_id: number }>(
    `INSERT INTO booking (client_id, wedding_id, vendor_id, event_date, status, total_cost)
     SELECT client_id, wedding_id, $2, wedding_date, $3::booking_status, $4::numeric FROM wedding WHERE wedding_id = $1
     RETURNING booking_id, event_date::text AS event_date, client_id`,
    [weddingId, vendorId, status, total],
  );
  const row = rows[0];
  if (!row) throw new Error(`no wedding ${weddingId}`);
  return { bookingId: row.booking_id, eventDate: row.event_date, weddingId, clientId: row.client_id };
}

/** Planners with their weddings, in user id order. */
export async function listPlanners(db: TestDatabase): Promise<{ userId: number; weddingIds: number[] }[]> {
  const { rows } = await db.pool.query<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  return rows.map((r) => ({ userId: r.user_id, weddingIds: r.ids }));
}

export function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}
