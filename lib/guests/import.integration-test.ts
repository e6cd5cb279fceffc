import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { GUEST_PHONE, queryDecrypted } from "@/lib/test/pii";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import { GUEST_CSV_COLUMNS, guestsToCsv } from "./csv";

// The CSV import, uploaded as the browser uploads it (a File in FormData):
// all rows or none, errors by row and column, duplicates of existing guests
// updated, and an export that imports back unchanged.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

let db: TestDatabase;
let actions: typeof Actions;
let queries: typeof Queries;
let disconnectApp: () => Promise<void>;
let me: Identity;
let weddingId: number;
let otherWeddingId: number;
let bulkWeddingId: number;

const HEADER = GUEST_CSV_COLUMNS.join(",");

function upload(text: string | Uint8Array, wedding = weddingId, name = "guests.csv"): FormData {
  const data = new FormData();
  data.set("weddingId", String(wedding));
  data.set("file", new File([typeof text === "string" ? text : new Uint8Array(text)], name, { type: "text/csv" }));
  return data;
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query<T>(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0];
}

async function snapshot() {
  return one(
    `SELECT (SELECT count(*) FROM audit_log) AS audit,
            (SELECT md5(coalesce(string_agg(h::text, '|' ORDER BY household_id), '')) FROM household h) AS households,
            (SELECT md5(coalesce(string_agg(g::text, '|' ORDER BY guest_id), '')) FROM guest g) AS guests,
            (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY rsvp_id), '')) FROM event_rsvp r) AS rsvps`,
  );
}

const guestCount = async (wedding = weddingId) =>
  Number((await one<{ n: string }>("SELECT count(*) AS n FROM guest WHERE wedding_id = $1", [wedding])).n);

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  queries = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const { rows } = await db.pool.query<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  me = { kind: "user", userId: rows[0]!.user_id, role: "planner" };
  weddingId = rows[0]!.ids[1]!;
  otherWeddingId = rows[1]!.ids[0]!;
  bulkWeddingId = rows[0]!.ids[2]!;
});

beforeEach(() => {
  session.identity = me;
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("importGuestsAction", () => {
  it("imports nothing when one row is bad, and lists that row's errors by row and column", async () => {
    const before = await snapshot();
    const count = await guestCount();
    const text =
      "\uFEFF" +
      `${HEADER}\r\n` +
      `"Lane, Eva & Sam",1,Eva Lane,eva.lane@example.test,,\r\n` +
      `"Lane, Eva & Sam",1,Sam Lane,sam.lane@example.test,,"Vegan, no nuts"\r\n` +
      `Hart household,0,Jo Hart,not-an-email,,\r\n`;
    const result = await actions.importGuestsAction(null, upload(text));
    expect(result).toEqual({
      ok: false,
      error: "Nothing was imported: 1 problem in the file. Correct it and upload the file again.",
      fieldErrors: { file: ["Row 4, email: Invalid email address, expected something like name@example.com."] },
    });
    expect(await guestCount()).toBe(count);
    expect(await snapshot()).toEqual(before);

    const fixed = text.replace("not-an-email", "jo.hart@example.test");
    const imported = await actions.importGuestsAction(null, upload(fixed));
    expect(imported).toMatchObject({
      ok: true,
      summary: { added: 3, updated: 0, unchanged: 0, householdsCreated: 2, householdsUpdated: 0 },
    });
    expect(await guestCount()).toBe(count + 3);
    const sam = await one<{ household: string; allowance: number; dietary_preference: string; qr_code: string }>(
      `SELECT h.name AS household, h.plus_one_allowance AS allowance, g.dietary_preference, g.qr_code
       FROM guest g JOIN household h USING (household_id) WHERE g.email = 'sam.lane@example.test' AND g.wedding_id = $1`,
      [weddingId],
    );
    expect(sam).toMatchObject({ household: "Lane, Eva & Sam", allowance: 1, dietary_preference: "Vegan, no nuts" });
    expect(sam.qr_code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const actors = await db.pool.query(
      `SELECT DISTINCT changed_by FROM audit_log WHERE table_name IN ('guest', 'household') AND log_id > $1`,
      [before.audit],
    );
    expect(actors.rows).toEqual([{ changed_by: `user:${(me as { userId: number }).userId}` }]);
  });

  it("lists every problem of every row at once", async () => {
    const before = await snapshot();
    const text = [
      HEADER,
      "A,0,Ann,ann@example.test,,",
      "A,25,,bad,,",
      "B,0,Bob,ann@example.test,,",
      `C,0,${"x".repeat(10_000)},,,`,
    ].join("\n");
    const result = await actions.importGuestsAction(null, upload(text));
    expect(result).toMatchObject({
      ok: false,
      error: "Nothing was imported: 5 problems in the file. Correct them and upload the file again.",
      fieldErrors: {
        file: [
          "Row 3, plus_one_allowance: Enter a whole number from 0 to 20.",
          "Row 3, full_name: Enter a full name.",
          "Row 3, email: Invalid email address, expected something like name@example.com.",
          "Row 4, email: The same email address as row 2.",
          "Row 5, full_name: Full name has at most 200 characters.",
        ],
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("updates guests that are already there (by email, or by name within the household) instead of adding them", async () => {
    const existing = await one<{ guest_id: number; full_name: string; household: string; email: string | null }>(
      `SELECT g.guest_id, g.full_name, h.name AS household, g.email FROM guest g JOIN household h USING (household_id)
       WHERE g.wedding_id = $1 AND g.email IS NULL ORDER BY g.guest_id LIMIT 1`,
      [weddingId],
    );
    const withEmail = await one<{ guest_id: number; household: string; email: string; full_name: string }>(
      `SELECT g.guest_id, h.name AS household, g.email, g.full_name FROM guest g JOIN household h USING (household_id)
       WHERE g.wedding_id = $1 AND g.email IS NOT NULL ORDER BY g.guest_id LIMIT 1`,
      [weddingId],
    );
    const count = await guestCount();
    const text = [
      HEADER,
      `"${existing.household}",,"${existing.full_name.toUpperCase()}",,+44 20 7946 0000,`,
      `"${withEmail.household}",,"${withEmail.full_name}",${withEmail.email.toUpperCase()},,`,
      `"${withEmail.household}",,Brand New Guest,brand.new@example.test,,`,
    ].join("\r\n");
    const result = await actions.importGuestsAction(null, upload(text));
    expect(result).toMatchObject({ ok: true, summary: { added: 1, updated: 1, unchanged: 1 } });
    expect((result as { message: string }).message).toBe(
      "Imported: 1 guest added, 1 already there (matched by email, or by name within the household) updated, 1 already there unchanged.",
    );
    expect(await guestCount()).toBe(count + 1);
    const [stored] = await queryDecrypted(
      db.pool,
      `SELECT full_name, ${GUEST_PHONE} AS phone FROM guest g WHERE guest_id = $1`,
      [existing.guest_id],
    );
    expect(stored).toEqual({
      full_name: existing.full_name.toUpperCase(),
      phone: "+44 20 7946 0000",
    });
  });

  it("refuses an allowance below the plus-ones a household already brings, naming the row", async () => {
    const household = await one<{ name: string; plus_ones: number }>(
      `SELECT h.name, max(s.n)::int AS plus_ones
       FROM household h JOIN LATERAL (
         SELECT sum(r.plus_ones) AS n FROM event_rsvp r JOIN guest g USING (guest_id)
         WHERE g.household_id = h.household_id GROUP BY r.event_id) s ON true
       WHERE h.wedding_id = $1 GROUP BY h.household_id HAVING max(s.n) > 0 ORDER BY h.household_id LIMIT 1`,
      [weddingId],
    );
    const before = await snapshot();
    const text = [HEADER, "Fresh,0,Fresh Guest,,,", `"${household.name}",0,Somebody New,,,`].join("\n");
    const result = await actions.importGuestsAction(null, upload(text));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        file: [
          expect.stringMatching(
            new RegExp(
              `^Row 3, plus_one_allowance: .* would bring ${household.plus_ones} plus-ones? to .*allowance of 0\\.$`,
            ),
          ),
        ],
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("reads back its own export without changing anything", async () => {
    // Two guests of one household with the same name and no email cannot be told
    // apart in a file (the import refuses them as duplicates), so take a wedding without.
    const { wedding_id: roundTrip } = await one<{ wedding_id: number }>(
      `SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id)
       WHERE p.user_id = $1 AND NOT EXISTS (
         SELECT 1 FROM guest g WHERE g.wedding_id = w.wedding_id
         GROUP BY g.household_id, lower(g.full_name) HAVING count(*) > 1)
       ORDER BY w.wedding_id LIMIT 1`,
      [(me as { userId: number }).userId],
    );
    const exported = await queries.listGuestsForExport(me, roundTrip);
    expect(exported!.rows.length).toBeGreaterThan(10);
    const before = await snapshot();
    const result = await actions.importGuestsAction(null, upload(guestsToCsv(exported!.rows), roundTrip));
    expect(result).toMatchObject({
      ok: true,
      summary: { added: 0, updated: 0, unchanged: exported!.rows.length, householdsCreated: 0 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another planner's wedding, files that are not UTF-8 or too large, and no file at all", async () => {
    const before = await snapshot();
    expect(await actions.importGuestsAction(null, upload(`${HEADER}\nA,0,B,,,`, otherWeddingId))).toEqual({
      ok: false,
      error: "This wedding was not found. Nothing was changed.",
    });
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${HEADER}\nZo`),
      0xeb,
      ...new TextEncoder().encode(",0,Zo,,,"),
    ]);
    expect(await actions.importGuestsAction(null, upload(latin1))).toMatchObject({
      ok: false,
      fieldErrors: { file: [expect.stringContaining("not UTF-8")] },
    });
    const big = `${HEADER}\n` + "x".repeat(1_000_001);
    expect(await actions.importGuestsAction(null, upload(big))).toMatchObject({
      ok: false,
      fieldErrors: { file: ["The file is larger than 1 MB. Split it into smaller files."] },
    });
    expect(await actions.importGuestsAction(null, upload(""))).toMatchObject({
      ok: false,
      fieldErrors: { file: ["The file is empty."] },
    });
    const noFile = new FormData();
    noFile.set("weddingId", String(weddingId));
    noFile.set("file", "guests.csv");
    expect(await actions.importGuestsAction(null, noFile)).toMatchObject({
      ok: false,
      fieldErrors: { file: ["Choose a CSV file to import."] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("imports 5000 rows in one go", async () => {
    const count = await guestCount(bulkWeddingId);
    const rows = Array.from(
      { length: 5_000 },
      (_, i) => `Bulk ${Math.floor(i / 4)},1,Bulk Guest ${i},bulk${i}@example.test,,`,
    );
    const result = await actions.importGuestsAction(null, upload([HEADER, ...rows].join("\r\n"), bulkWeddingId));
    expect(result).toMatchObject({ ok: true, summary: { added: 5_000, householdsCreated: 1_250 } });
    expect(await guestCount(bulkWeddingId)).toBe(count + 5_000);
  }, 120_000);
});
