import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as WithIdentity from "@/lib/db/with-identity";
import { deliverQueued } from "@/lib/outbox/deliver";
import { unsafeOpenSystemDatabase, type SystemDatabase } from "@/lib/outbox/system";
import type { OutgoingMail } from "@/lib/outbox/transport";
import type * as Save from "@/lib/rsvp/save-household-answers";
import type * as RsvpQueries from "@/lib/rsvp/queries";
import { ZRsvpFormSchema } from "@/lib/rsvp/schema";
import { createRsvpFixture, type RsvpFixture } from "@/lib/rsvp/test-fixtures";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { CONSENT_TEXT_VERSION } from "./texts";

// Consent per purpose (migration 20261127000400_consent): recorded from the
// guest's RSVP form, opt-in, append-only, and enforced on optional mail both
// when it is queued and when it is sent.

let db: TestDatabase;
let fx: RsvpFixture;
let withIdentity: typeof WithIdentity.withIdentity;
let saveHouseholdAnswers: typeof Save.saveHouseholdAnswers;
let getInvitation: typeof RsvpQueries.getInvitation;
let system: SystemDatabase;
let disconnectApp: () => Promise<void>;
const OPEN = new Date("2027-04-01T12:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ withIdentity } = await import("@/lib/db/with-identity"));
  ({ saveHouseholdAnswers } = await import("@/lib/rsvp/save-household-answers"));
  ({ getInvitation } = await import("@/lib/rsvp/queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createRsvpFixture(db.prisma);
  system = unsafeOpenSystemDatabase(db.appUrl);
});

afterAll(async () => {
  await system?.close();
  await disconnectApp?.();
  await db?.drop();
});

const guest = (token: string) => ({ kind: "guest" as const, guestToken: token });

/** The Silva household's answers as Ana posts them, with her own choices ticked. */
function anaForm(ticked: string[], version: string = CONSENT_TEXT_VERSION) {
  const { ana, ben } = fx.guests;
  const { ceremony, reception, brunch } = fx.events;
  return ZRsvpFormSchema.parse({
    token: ana.qrCode,
    [`status:${ana.id}:${ceremony.id}`]: "Accepted",
    [`status:${ben.id}:${ceremony.id}`]: "Accepted",
    [`status:${ana.id}:${reception.id}`]: "Accepted",
    [`meal:${ana.id}:${reception.id}`]: "Fish",
    [`status:${ben.id}:${reception.id}`]: "Declined",
    [`status:${ana.id}:${brunch.id}`]: "Declined",
    [`status:${ben.id}:${brunch.id}`]: "Declined",
    consentVersion: version,
    ...Object.fromEntries(ticked.map((purpose) => [`consent:${purpose}`, "yes"])),
  });
}

async function history(guestId: number) {
  const { rows } = await db.pool.query<{ purpose: string; granted: boolean; text_version: string }>(
    "SELECT purpose::text, granted, text_version FROM consent WHERE guest_id = $1 ORDER BY consent_id",
    [guestId],
  );
  return rows;
}

describe("consent from the RSVP form", () => {
  it("starts as no for every purpose", async () => {
    const invitation = await getInvitation(fx.guests.ana.qrCode, OPEN);
    expect(Object.values(invitation!.consents).map((c) => c.granted)).toEqual([false, false, false]);
  });

  it("records every purpose once with the wording's version, then only what changes", async () => {
    expect(await saveHouseholdAnswers(anaForm(["photo_sharing"]), guest(fx.guests.ana.qrCode), OPEN)).toMatchObject({
      ok: true,
    });
    expect(await history(fx.guests.ana.id)).toEqual([
      { purpose: "marketing_email", granted: false, text_version: CONSENT_TEXT_VERSION },
      { purpose: "photo_sharing", granted: true, text_version: CONSENT_TEXT_VERSION },
      { purpose: "vendor_data_sharing", granted: false, text_version: CONSENT_TEXT_VERSION },
    ]);
    // The same choices again add nothing; withdrawing adds one row.
    await saveHouseholdAnswers(anaForm(["photo_sharing"]), guest(fx.guests.ana.qrCode), OPEN);
    expect(await history(fx.guests.ana.id)).toHaveLength(3);
    await saveHouseholdAnswers(anaForm([]), guest(fx.guests.ana.qrCode), OPEN);
    expect((await history(fx.guests.ana.id)).at(-1)).toEqual({
      purpose: "photo_sharing",
      granted: false,
      text_version: CONSENT_TEXT_VERSION,
    });
    const invitation = await getInvitation(fx.guests.ana.qrCode, OPEN);
    expect(invitation!.consents.photo_sharing.granted).toBe(false);
    // Ben, in the same household, decided nothing: one person's link never decides for another.
    expect(await history(fx.guests.ben.id)).toEqual([]);
  });

  it("rejects unknown purposes, values other than yes, and an outdated wording, and records nothing", async () => {
    const before = await history(fx.guests.ana.id);
    for (const raw of [
      { token: fx.guests.ana.qrCode, consentVersion: CONSENT_TEXT_VERSION, "consent:sell_my_data": "yes" },
      { token: fx.guests.ana.qrCode, consentVersion: CONSENT_TEXT_VERSION, "consent:photo_sharing": "true" },
      { token: fx.guests.ana.qrCode, consentVersion: "2020-01-01", "consent:photo_sharing": "yes" },
      { token: fx.guests.ana.qrCode, "consent:photo_sharing": "yes" },
    ]) {
      expect(ZRsvpFormSchema.safeParse(raw).success).toBe(false);
    }
    expect(await history(fx.guests.ana.id)).toEqual(before);
  });

  it("lets a guest record only their own decisions, and a planner read but not write them", async () => {
    await expect(
      withIdentity(
        guest(fx.guests.ana.qrCode),
        (tx) =>
          tx.$executeRaw`INSERT INTO consent (wedding_id, guest_id, purpose, granted, text_version, source)
                       VALUES (${fx.weddingA.id}, ${fx.guests.ben.id}, 'photo_sharing', true, ${CONSENT_TEXT_VERSION}, 'rsvp')`,
      ),
    ).rejects.toThrow(/row-level security/);
    const planner = { kind: "user" as const, userId: fx.plannerA.userId, role: "planner" as const };
    const seen = await withIdentity(planner, (tx) => tx.consent.count({ where: { guestId: fx.guests.ana.id } }));
    expect(seen).toBeGreaterThan(0);
    const other = { kind: "user" as const, userId: fx.plannerB.userId, role: "planner" as const };
    expect(await withIdentity(other, (tx) => tx.consent.count())).toBe(0);
    await expect(
      withIdentity(
        planner,
        (tx) =>
          tx.$executeRaw`INSERT INTO consent (wedding_id, guest_id, purpose, granted, text_version, source)
                       VALUES (${fx.weddingA.id}, ${fx.guests.cleo.id}, 'photo_sharing', true, ${CONSENT_TEXT_VERSION}, 'rsvp')`,
      ),
    ).rejects.toThrow(/row-level security/);
  });
});

describe("optional mail needs consent", () => {
  const queueGallery = (guestId: number) =>
    db.pool.query<{ message_id: number }>(
      `INSERT INTO outbox (wedding_id, guest_id, kind, purpose, to_address, subject, body)
       VALUES ($1, $2, 'photo_gallery', 'photo_sharing', 'guest@example.test', 'The photos are ready', 'Have a look')
       RETURNING message_id`,
      [fx.weddingA.id, guestId],
    );

  it("cannot be queued for a guest who has not agreed", async () => {
    await expect(queueGallery(fx.guests.cleo.id)).rejects.toThrow(/has not agreed to photo sharing/);
    await expect(
      db.pool.query(
        `INSERT INTO outbox (wedding_id, guest_id, kind, to_address, subject, body)
         VALUES ($1, $2, 'photo_gallery', 'guest@example.test', 'x', 'y')`,
        [fx.weddingA.id, fx.guests.cleo.id],
      ),
    ).rejects.toThrow(/outbox_optional_has_purpose/);
  });

  it("is sent while the guest agrees, and skipped after they withdraw", async () => {
    const sent: OutgoingMail[] = [];
    const transport = { sendMail: async (mail: OutgoingMail) => void sent.push(mail) };
    await saveHouseholdAnswers(anaForm(["photo_sharing"]), guest(fx.guests.ana.qrCode), OPEN);
    await queueGallery(fx.guests.ana.id);
    expect(await deliverQueued(system.run, { transport, from: "x@localhost", limit: 10 })).toMatchObject({ sent: 1 });

    const { rows } = await queueGallery(fx.guests.ana.id);
    await saveHouseholdAnswers(anaForm([]), guest(fx.guests.ana.qrCode), OPEN);
    expect(await deliverQueued(system.run, { transport, from: "x@localhost", limit: 10 })).toMatchObject({
      sent: 0,
      skipped: 1,
    });
    expect(sent).toHaveLength(1);
    const status = await db.pool.query("SELECT status FROM outbox WHERE message_id = $1", [rows[0]!.message_id]);
    expect(status.rows).toEqual([{ status: "skipped" }]);
  });
});
