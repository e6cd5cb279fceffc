import type pg from "pg";

// A minimal tenant for tests that need bookings and payments without the demo
// data: one planner, couple and wedding, plus vendors and a venue. Written as
// the test database's owner (a superuser), so row-level security is not involved.

export type BookingFixture = {
  plannerUserId: number;
  weddingId: number;
  clientId: number;
  vendors: Record<string, number>;
  venueId: number;
};

export type BookingFixtureOptions = {
  /** One vendor per category, named "<category> Fixture <tag>". */
  vendorCategories?: readonly string[];
  /** Distinguishes the planner, vendors and venue of several fixtures in one database. */
  tag?: string;
  currency?: string;
};

export async function createBookingFixture(
  pool: pg.Pool,
  options: BookingFixtureOptions = {},
): Promise<BookingFixture> {
  const tag = options.tag ?? "a";
  const { rows } = await pool.query<{ user_id: number; wedding_id: number; client_id: number }>(
    `WITH u AS (INSERT INTO users (email, name, role) VALUES ($1, 'Fixture Planner', 'planner') RETURNING user_id),
          p AS (INSERT INTO planner (user_id) SELECT user_id FROM u RETURNING planner_id, user_id),
          c AS (INSERT INTO client (planner_id, name) SELECT planner_id, 'Ana & Marko' FROM p RETURNING client_id, planner_id),
          w AS (INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date, currency)
                SELECT planner_id, client_id, 'Ana & Marko', '2027-06-12', $2 FROM c RETURNING wedding_id, client_id)
     SELECT p.user_id, w.wedding_id, w.client_id FROM p, w`,
    [`fixture-planner-${tag}@example.test`, options.currency ?? "EUR"],
  );
  const base = rows[0]!;
  const vendors: Record<string, number> = {};
  for (const category of options.vendorCategories ?? ["Florist", "Catering"]) {
    const { rows: created } = await pool.query<{ vendor_id: number }>(
      "INSERT INTO vendor (name, service_category, region) VALUES ($1, $2, 'Skopje') RETURNING vendor_id",
      [`${category} Fixture ${tag}`, category],
    );
    vendors[category] = created[0]!.vendor_id;
  }
  const { rows: venue } = await pool.query<{ venue_id: number }>(
    "INSERT INTO venue (name, region, capacity) VALUES ($1, 'Skopje', 200) RETURNING venue_id",
    [`Fixture Hall ${tag}`],
  );
  return {
    plannerUserId: base.user_id,
    weddingId: base.wedding_id,
    clientId: base.client_id,
    vendors,
    venueId: venue[0]!.venue_id,
  };
}

export type BookingRef = { bookingId: number; eventDate: string };

/** A booking of a vendor (by id) or, with `venue: true`, of the fixture's venue. */
export async function addBooking(
  pool: pg.Pool,
  fixture: BookingFixture,
  target: { vendorId: number } | { venue: true },
  eventDate: string,
  totalCost = "5000.00",
): Promise<BookingRef> {
  const vendorId = "vendorId" in target ? target.vendorId : null;
  const venueId = "venue" in target ? fixture.venueId : null;
  const { rows } = await pool.query<{ booking_id: number; event_date: string }>(
    `INSERT INTO booking (client_id, wedding_id, vendor_id, venue_id, event_date, status, total_cost)
     VALUES ($1, $2, $3, $4, $5, 'Confirmed', $6) RETURNING booking_id, event_date::text`,
    [fixture.clientId, fixture.weddingId, vendorId, venueId, eventDate, totalCost],
  );
  return { bookingId: rows[0]!.booking_id, eventDate: rows[0]!.event_date };
}

export async function addPayment(
  pool: pg.Pool,
  fixture: BookingFixture,
  booking: BookingRef,
  amount: string,
  status: "Pending" | "Completed" | "Failed" | "Refunded",
  paymentDate: string,
): Promise<number> {
  const { rows } = await pool.query<{ payment_id: number }>(
    `INSERT INTO payment (booking_id, booking_event_date, wedding_id, client_id, amount, payment_status, payment_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING payment_id`,
    [booking.bookingId, booking.eventDate, fixture.weddingId, fixture.clientId, amount, status, paymentDate],
  );
  return rows[0]!.payment_id;
}
