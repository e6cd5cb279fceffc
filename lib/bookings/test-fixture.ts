import type pg from "pg";

// For tests: two planners, their weddings, and a catalogue to book from,
// written as the database owner.
//   Ana: "Rose & Sam" (guest target 80), "Lily & Tom" (target 10, but 3 guests
//        whose households may bring 10 plus-ones: 13 invited), "Old & Gone"
//        (Cancelled)
//   Ben: "Iris & Max" (target 80)
//   venues: Grand Hall (300 seats), Garden Room (12), Tiny Chapel (40)
//   vendors: Lens & Light (photographer, one event a day), Feast Co (caterer,
//            several events a day), Sleepy Strings (Inactive), Banned Blooms
//            (Suspended)

export type BookingFixture = {
  ana: { userId: number };
  ben: { userId: number };
  admin: { userId: number };
  weddings: { rose: number; lily: number; gone: number; iris: number };
  venues: { grand: number; garden: number; tiny: number };
  vendors: { lens: number; feast: number; sleepy: number; banned: number };
};

async function id(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query(`${sql} RETURNING *`, params);
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

async function wedding(
  pool: pg.Pool,
  owner: { plannerId: number; clientId: number },
  name: string,
  target: number,
  status = "Planning",
) {
  return id(
    pool,
    `INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date, guest_count_target, status)
     VALUES ($1, $2, $3, '2028-06-12', $4, $5)`,
    [owner.plannerId, owner.clientId, name, target, status],
  );
}

export async function createBookingFixture(pool: pg.Pool): Promise<BookingFixture> {
  const ana = await planner(pool, "ana.booking@example.test", "Ana Planner");
  const ben = await planner(pool, "ben.booking@example.test", "Ben Planner");
  const admin = await id(pool, "INSERT INTO users (email, name, role) VALUES ($1, $2, 'admin')", [
    "admin.booking@example.test",
    "Ada Admin",
  ]);
  const rose = await wedding(pool, ana, "Rose & Sam", 80);
  const lily = await wedding(pool, ana, "Lily & Tom", 10);
  const gone = await wedding(pool, ana, "Old & Gone", 50, "Cancelled");
  const iris = await wedding(pool, ben, "Iris & Max", 80);
  const household = await id(pool, "INSERT INTO household (wedding_id, name, plus_one_allowance) VALUES ($1, $2, 10)", [
    lily,
    "The Lilies",
  ]);
  for (const name of ["Lily One", "Lily Two", "Lily Three"]) {
    await pool.query("INSERT INTO guest (wedding_id, household_id, full_name) VALUES ($1, $2, $3)", [
      lily,
      household,
      name,
    ]);
  }
  const venue = (name: string, capacity: number) =>
    id(pool, "INSERT INTO venue (name, region, capacity) VALUES ($1, 'Ohrid', $2)", [name, capacity]);
  const vendor = (name: string, category: string, status: string, onePerDay: boolean) =>
    id(
      pool,
      `INSERT INTO vendor (name, service_category, region, status, one_event_per_day)
       VALUES ($1, $2::service_category, 'Ohrid', $3::vendor_status, $4)`,
      [name, category, status, onePerDay],
    );
  return {
    ana: { userId: ana.userId },
    ben: { userId: ben.userId },
    admin: { userId: admin },
    weddings: { rose, lily, gone, iris },
    venues: {
      grand: await venue("Grand Hall", 300),
      garden: await venue("Garden Room", 12),
      tiny: await venue("Tiny Chapel", 40),
    },
    vendors: {
      lens: await vendor("Lens & Light", "Photography", "Active", true),
      feast: await vendor("Feast Co", "Catering", "Active", false),
      sleepy: await vendor("Sleepy Strings", "Music", "Inactive", false),
      banned: await vendor("Banned Blooms", "Florist", "Suspended", false),
    },
  };
}
