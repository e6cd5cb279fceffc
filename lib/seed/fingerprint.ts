import type pg from "pg";

// Fingerprints of the seeded tables, for the tests that prove a second run or
// a reset leaves the data as it was.

const TABLES = [
  "users",
  "planner",
  "client",
  "wedding",
  "event",
  "household",
  "guest",
  "event_rsvp",
  "budget",
  "expense",
  "venue",
  "vendor",
  "booking",
  "payment",
] as const;

type Table = (typeof TABLES)[number];

export type Fingerprint = Record<Table, string>;

/** Every column of every row, ids and timestamps included: "nothing changed at all". */
export async function fingerprintRows(pool: pg.Pool): Promise<Fingerprint> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await pool.query<{ n: string; fp: string }>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS fp FROM ${table} t`,
      );
      return [table, `${rows[0]?.n}:${rows[0]?.fp}`] as const;
    }),
  );
  return Object.fromEntries(entries) as Fingerprint;
}

// The same data described without serial ids or creation times: what a reset,
// which hands out new ids, must reproduce exactly. Rows are named by their
// natural keys (e-mails, names, QR codes) and by the rows they belong to.
// Encrypted columns count only as present or absent: their ciphertext is salted anew on every write.
const WEDDING = `JOIN wedding w USING (wedding_id) JOIN client c ON c.client_id = w.client_id`;
const NATURAL: Record<Table, string> = {
  users: `SELECT ROW(email, name, role, password_hash, disabled_at)::text AS r FROM users`,
  planner: `SELECT ROW(u.email, p.company_name, p.phone)::text AS r FROM planner p JOIN users u USING (user_id)`,
  client: `SELECT ROW(u.email, c.name, c.email, c.phone_encrypted IS NOT NULL, c.primary_contact, c.alternate_contact_encrypted IS NOT NULL)::text AS r
           FROM client c JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id`,
  wedding: `SELECT ROW(u.email, c.email, w.wedding_name, w.wedding_date, w.status, w.guest_count_target, w.currency, w.rsvp_deadline)::text AS r
            FROM wedding w JOIN client c USING (client_id) JOIN planner p ON p.planner_id = w.planner_id JOIN users u ON u.user_id = p.user_id`,
  event: `SELECT ROW(c.email, e.name, e.event_type, e.region, e.event_date, e.start_time, e.end_time, e.status, e.location, e.notes)::text AS r
          FROM event e ${WEDDING}`,
  household: `SELECT ROW(c.email, h.name, h.plus_one_allowance)::text AS r FROM household h ${WEDDING}`,
  guest: `SELECT ROW(g.qr_code, c.email, h.name, g.full_name, g.email, g.phone_encrypted IS NOT NULL, g.dietary_preference)::text AS r
          FROM guest g JOIN household h ON h.household_id = g.household_id
          JOIN wedding w ON w.wedding_id = g.wedding_id JOIN client c ON c.client_id = w.client_id`,
  event_rsvp: `SELECT ROW(g.qr_code, e.name, r.status, r.meal_choice, r.plus_ones, r.plus_one_names, r.responded_at)::text AS r
               FROM event_rsvp r JOIN guest g ON g.guest_id = r.guest_id JOIN event e ON e.event_id = r.event_id`,
  budget: `SELECT ROW(c.email, b.category, b.budget_amount, b.notes)::text AS r FROM budget b ${WEDDING}`,
  expense: `SELECT ROW(c.email, x.category, x.description, x.actual_cost, x.status, x.incurred_on, e.name, v.name)::text AS r
            FROM expense x JOIN wedding w ON w.wedding_id = x.wedding_id JOIN client c ON c.client_id = w.client_id
            LEFT JOIN event e ON e.event_id = x.event_id LEFT JOIN vendor v ON v.vendor_id = x.vendor_id`,
  venue: `SELECT ROW(name, region, capacity, address)::text AS r FROM venue`,
  vendor: `SELECT ROW(v.name, v.service_category, v.region, v.status, v.description, v.price_band, v.description_tsv, u.email)::text AS r
           FROM vendor v LEFT JOIN users u ON u.user_id = v.user_id`,
  booking: `SELECT ROW(c.email, ve.name, vd.name, b.booking_date, b.event_date, b.status, b.total_cost, b.notes)::text AS r
            FROM booking b JOIN client c ON c.client_id = b.client_id
            LEFT JOIN venue ve ON ve.venue_id = b.venue_id LEFT JOIN vendor vd ON vd.vendor_id = b.vendor_id`,
  payment: `SELECT ROW(c.email, ve.name, vd.name, b.status, p.amount, p.payment_status, p.payment_date, p.due_date, p.method_encrypted IS NOT NULL, w.wedding_name)::text AS r
            FROM payment p JOIN booking b ON (b.booking_id, b.event_date) = (p.booking_id, p.booking_event_date)
            JOIN client c ON c.client_id = p.client_id JOIN wedding w ON w.wedding_id = p.wedding_id
            LEFT JOIN venue ve ON ve.venue_id = b.venue_id LEFT JOIN vendor vd ON vd.vendor_id = b.vendor_id`,
};

export async function fingerprintNaturalKeys(pool: pg.Pool): Promise<Fingerprint> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await pool.query<{ n: string; fp: string }>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS fp FROM (${NATURAL[table]}) x`,
      );
      return [table, `${rows[0]?.n}:${rows[0]?.fp}`] as const;
    }),
  );
  return Object.fromEntries(entries) as Fingerprint;
}
