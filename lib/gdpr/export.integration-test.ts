import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as WithIdentity from "@/lib/db/with-identity";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Export from "./export";
import { createGdprFixture, type GdprFixture } from "./test-harness";

// Right of access (issue 7, point 3): a complete, decrypted export for the
// planner's own people or an admin's, audited; nothing for anyone else.

let db: TestDatabase;
let fx: GdprFixture;
let exportPersonalData: typeof Export.exportPersonalData;
let withIdentity: typeof WithIdentity.withIdentity;
let disconnectApp: () => Promise<void>;

const SECTIONS = [
  "profile",
  "weddings",
  "households",
  "guests",
  "rsvps",
  "bookings",
  "payments",
  "proposals",
  "contracts",
  "messages",
  "consents",
  "outbox",
  "audit",
];

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ exportPersonalData } = await import("./export"));
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createGdprFixture(db);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("exporting a couple's data", () => {
  it("has every section, decrypted, and the audit entries about them", async () => {
    const { client, planner1 } = fx;
    const data = await exportPersonalData(planner1, { kind: "client", clientId: client.id });
    expect(data).not.toBeNull();
    for (const section of SECTIONS) expect(data, section).toHaveProperty(section);
    expect(data?.profile).toMatchObject({ name: client.name, email: client.email, phone: client.phone });
    expect(data?.profile).toMatchObject({ alternateContact: client.alternateContact });
    expect(data?.weddings.length).toBeGreaterThan(0);
    expect(data?.guests.length).toBeGreaterThan(0);
    expect(data?.bookings.length).toBeGreaterThan(0);
    const audit = data?.audit as { table_name: string; record_id: string }[];
    expect(audit.some((a) => a.table_name === "client" && a.record_id === String(client.id))).toBe(true);
    // JSON all the way: a Decimal is a string, a bigint too.
    expect(() => JSON.stringify(data)).not.toThrow();
  });

  it("is recorded in gdpr_request, audited, with counts and no personal data", async () => {
    const { rows } = await db.pool.query<{ request_id: string; summary: Record<string, unknown>; completed_at: Date }>(
      "SELECT request_id, summary, completed_at FROM gdpr_request WHERE kind = 'export' AND subject_kind = 'client' AND subject_id = $1",
      [fx.client.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.completed_at).not.toBeNull();
    expect(Object.values(rows[0]?.summary ?? {}).every((v) => typeof v === "number")).toBe(true);
    expect(JSON.stringify(rows[0]?.summary)).not.toContain(fx.client.email);
    const audited = await db.pool.query(
      "SELECT 1 FROM audit_log WHERE table_name = 'gdpr_request' AND record_id = $1 AND operation = 'INSERT'",
      [rows[0]?.request_id],
    );
    expect(audited.rowCount).toBe(1);
  });
});

describe("exporting a guest's data", () => {
  it("has their guest rows with the phone in the clear, their answers and audit entries", async () => {
    const { guest, planner1, admin } = fx;
    for (const who of [planner1, admin]) {
      const data = await exportPersonalData(who, { kind: "guest", guestId: guest.id });
      for (const section of SECTIONS) expect(data, section).toHaveProperty(section);
      expect(data?.profile).toBeNull();
      expect(data?.guests).toContainEqual(
        expect.objectContaining({ id: guest.id, fullName: guest.fullName, email: guest.email, phone: guest.phone }),
      );
      expect(data?.rsvps.length).toBeGreaterThan(0);
      expect(data?.bookings).toEqual([]);
      const audit = data?.audit as { table_name: string; record_id: string }[];
      expect(audit.some((a) => a.table_name === "guest" && a.record_id === String(guest.id))).toBe(true);
      expect(audit.some((a) => a.table_name === "event_rsvp")).toBe(true);
    }
  });

  it("includes the same person's rows at the planner's other weddings, by email", async () => {
    const { guest, planner1 } = fx;
    const [other] = (
      await db.pool.query<{ guest_id: number }>(
        `INSERT INTO guest (wedding_id, household_id, full_name, email)
         SELECT w.wedding_id, h.household_id, $1, upper($2) FROM wedding w JOIN household h USING (wedding_id)
         WHERE w.planner_id = (SELECT planner_id FROM wedding WHERE wedding_id = $3) AND w.wedding_id <> $3
         ORDER BY w.wedding_id LIMIT 1 RETURNING guest_id`,
        [guest.fullName, guest.email, guest.weddingId],
      )
    ).rows;
    const data = await exportPersonalData(planner1, { kind: "guest", guestId: guest.id });
    expect((data?.guests as { id: number }[]).map((g) => g.id)).toEqual(
      [guest.id, other?.guest_id].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    await db.pool.query("DELETE FROM guest WHERE guest_id = $1", [other?.guest_id]);
  });
});

describe("who may not export", () => {
  it("gives another planner, a vendor and unknown ids nothing, and records nothing", async () => {
    const before = await db.pool.query("SELECT 1 FROM gdpr_request");
    const { planner2, vendor, planner1, client, guest, otherGuest } = fx;
    expect(await exportPersonalData(planner2, { kind: "client", clientId: client.id })).toBeNull();
    expect(await exportPersonalData(planner2, { kind: "guest", guestId: guest.id })).toBeNull();
    expect(await exportPersonalData(vendor, { kind: "guest", guestId: guest.id })).toBeNull();
    expect(await exportPersonalData(planner1, { kind: "guest", guestId: otherGuest.id })).toBeNull();
    expect(await exportPersonalData(planner1, { kind: "client", clientId: 2_000_000 })).toBeNull();
    const after = await db.pool.query("SELECT 1 FROM gdpr_request");
    expect(after.rowCount).toBe(before.rowCount);
  });
});

describe("gdpr_request under row-level security", () => {
  const visible = (who: GdprFixture["planner1"]) => withIdentity(who, (tx) => tx.gdprRequest.count());

  it("shows a planner their own requests, an admin all, a vendor none", async () => {
    const total = Number((await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM gdpr_request")).rows[0]?.n);
    expect(total).toBeGreaterThan(0);
    expect(await visible(fx.planner1)).toBe(total);
    expect(await visible(fx.admin)).toBe(total);
    expect(await visible(fx.planner2)).toBe(0);
    expect(await visible(fx.vendor)).toBe(0);
  });

  it("lets no planner open a request about another planner's people", async () => {
    const { planner2, client } = fx;
    const planner2Id = (
      await db.pool.query<{ planner_id: number }>("SELECT planner_id FROM planner WHERE user_id = $1", [
        planner2.userId,
      ])
    ).rows[0]?.planner_id;
    await expect(
      withIdentity(planner2, (tx) =>
        tx.gdprRequest.create({
          data: {
            kind: "export",
            subjectKind: "client",
            subjectId: client.id,
            plannerId: planner2Id!,
            requestedBy: planner2.userId,
          },
        }),
      ),
    ).rejects.toThrow();
  });

  it("lets the app change nothing but completion, and delete nothing", async () => {
    await expect(
      withIdentity(fx.admin, (tx) => tx.$executeRaw`UPDATE gdpr_request SET subject_id = 1`),
    ).rejects.toThrow(/permission denied/);
    await expect(withIdentity(fx.admin, (tx) => tx.$executeRaw`DELETE FROM gdpr_request`)).rejects.toThrow(
      /permission denied/,
    );
  });
});
