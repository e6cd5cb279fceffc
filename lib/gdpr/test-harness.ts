import type { UserIdentity } from "@/lib/auth/guards";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { TestDatabase } from "@/lib/test/db";
import { GUEST_PHONE, queryDecrypted } from "@/lib/test/pii";

// The people the privacy-request tests act as and act on, from the demo data.

export type GdprFixture = {
  planner1: UserIdentity;
  planner2: UserIdentity;
  admin: UserIdentity;
  vendor: UserIdentity;
  /** A couple of planner1's, with a phone. */
  client: { id: number; weddingId: number; name: string; email: string; phone: string; alternateContact: string };
  /** A guest of planner1's at another couple's wedding, with email and phone. */
  guest: { id: number; weddingId: number; fullName: string; email: string; phone: string };
  /** A guest of planner2's. */
  otherGuest: { id: number; weddingId: number; fullName: string };
  otherClientId: number;
};

export async function createGdprFixture(db: TestDatabase): Promise<GdprFixture> {
  await seedDemoData(db.prisma);
  const { rows: users } = await db.pool.query<{ user_id: number; email: string; role: UserIdentity["role"] }>(
    "SELECT user_id, email, role::text AS role FROM users ORDER BY user_id",
  );
  const as = (email: string): UserIdentity => {
    const u = users.find((x) => x.email === email);
    if (!u) throw new Error(`No demo user ${email}`);
    return { kind: "user", userId: u.user_id, role: u.role };
  };
  const vendorUser = users.find((u) => u.role === "vendor");
  const adminUser = users.find((u) => u.role === "admin");
  if (!vendorUser || !adminUser) throw new Error("The demo data has no vendor or admin.");
  const planner1 = as("planner1@demo.wedding");
  const planner2 = as("planner2@demo.wedding");

  const [client] = await queryDecrypted<GdprFixture["client"]>(
    db.pool,
    `SELECT c.client_id AS id, min(w.wedding_id) AS "weddingId", c.name, c.email,
            app_pii_decrypt(c.phone_encrypted, c.client_id) AS phone,
            app_pii_decrypt(c.alternate_contact_encrypted, c.client_id) AS "alternateContact"
     FROM client c JOIN planner p USING (planner_id) JOIN wedding w ON w.client_id = c.client_id
     WHERE p.user_id = $1 AND c.phone_encrypted IS NOT NULL AND c.email IS NOT NULL
     GROUP BY c.client_id ORDER BY c.client_id LIMIT 1`,
    [planner1.userId],
  );
  if (!client) throw new Error("planner1 has no client with a phone.");
  const [guest] = await queryDecrypted<GdprFixture["guest"]>(
    db.pool,
    `SELECT g.guest_id AS id, g.wedding_id AS "weddingId", g.full_name AS "fullName", g.email, ${GUEST_PHONE} AS phone
     FROM guest g JOIN wedding w USING (wedding_id) JOIN planner p ON p.planner_id = w.planner_id
     WHERE p.user_id = $1 AND w.client_id <> $2 AND g.email IS NOT NULL AND g.phone_encrypted IS NOT NULL
       AND EXISTS (SELECT 1 FROM event_rsvp r WHERE r.guest_id = g.guest_id)
       AND (SELECT count(*) FROM guest o WHERE o.full_name = g.full_name) = 1
     ORDER BY g.guest_id LIMIT 1`,
    [planner1.userId, client.id],
  );
  if (!guest) throw new Error("planner1 has no guest with an email and a phone.");
  const { rows: others } = await db.pool.query<{ id: number; weddingId: number; fullName: string; clientId: number }>(
    `SELECT g.guest_id AS id, g.wedding_id AS "weddingId", g.full_name AS "fullName", w.client_id AS "clientId"
     FROM guest g JOIN wedding w USING (wedding_id) JOIN planner p ON p.planner_id = w.planner_id
     WHERE p.user_id = $1 ORDER BY g.guest_id LIMIT 1`,
    [planner2.userId],
  );
  const other = others[0];
  if (!other) throw new Error("planner2 has no guest.");
  return {
    planner1,
    planner2,
    admin: { kind: "user", userId: adminUser.user_id, role: "admin" },
    vendor: { kind: "user", userId: vendorUser.user_id, role: "vendor" },
    client,
    guest,
    otherGuest: { id: other.id, weddingId: other.weddingId, fullName: other.fullName },
    otherClientId: other.clientId,
  };
}
