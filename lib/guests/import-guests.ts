import "server-only";
import { GUEST_PHONE_SQL } from "@/lib/crypto/sql";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { withIdentity, type Tx } from "@/lib/db/with-identity";
import { assertWithinAllowance, beginGuestListWrite } from "./checks";
import { formatRowError, nameKey, readGuestCsv, type CsvRowError } from "./csv";
import { planGuestImport, type GuestListSnapshot, type ImportPlan } from "./import-plan";

// A CSV import: all rows or none. The file is checked row by row first; then,
// in ONE transaction holding the wedding's guest-list lock, against the guest
// list as it is; only then written. Any error rolls everything back.

export type ImportSummary = {
  added: number;
  updated: number;
  unchanged: number;
  householdsCreated: number;
  householdsUpdated: number;
};

type Result = ActionResult<{ message: string; summary: ImportSummary }>;

const IMPORT_TIMEOUT_MS = 60_000;

export function importRefused(errors: CsvRowError[]): ActionError {
  const n = errors.length;
  return new ActionError(
    `Nothing was imported: ${n} problem${n === 1 ? "" : "s"} in the file. Correct ${n === 1 ? "it" : "them"} and upload the file again.`,
    { file: errors.map(formatRowError) },
  );
}

/** Decodes an uploaded file as UTF-8 (a byte-order mark is allowed), refusing anything else. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const message =
      'The file is not UTF-8 text. In Excel choose "Save as" → "CSV UTF-8 (Comma delimited)", then upload it again.';
    throw new ActionError(message, { file: [message] });
  }
}

async function readSnapshot(tx: Tx, weddingId: number): Promise<GuestListSnapshot> {
  const households = await tx.household.findMany({
    where: { weddingId },
    select: { id: true, name: true, plusOneAllowance: true },
  });
  // Phones are stored encrypted; the comparison with the file needs them in the clear.
  const guests = await tx.$queryRaw<GuestListSnapshot["guests"]>`
    SELECT g.guest_id AS id, g.household_id AS "householdId", g.full_name AS "fullName", g.email,
           ${GUEST_PHONE_SQL} AS phone, g.dietary_preference AS "dietaryPreference"
    FROM guest g WHERE g.wedding_id = ${weddingId}`;
  const plusOnes = await tx.$queryRaw<GuestListSnapshot["plusOnes"]>`
    SELECT r.guest_id AS "guestId", r.event_id AS "eventId", e.name AS "eventName", r.plus_ones AS "plusOnes"
    FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
    WHERE r.wedding_id = ${weddingId} AND r.plus_ones > 0`;
  return { households, guests, plusOnes };
}

async function writePlan(tx: Tx, weddingId: number, plan: ImportPlan): Promise<number[]> {
  const ids = new Map(plan.existingHouseholdIds);
  if (plan.newHouseholds.length > 0) {
    const created = await tx.household.createManyAndReturn({
      data: plan.newHouseholds.map((h) => ({ weddingId, name: h.name, plusOneAllowance: h.plusOneAllowance })),
      select: { id: true, name: true },
    });
    for (const h of created) ids.set(nameKey(h.name), h.id);
  }
  for (const update of plan.allowanceUpdates) {
    await tx.household.update({
      where: { id: update.householdId },
      data: { plusOneAllowance: update.plusOneAllowance },
    });
  }
  const householdId = (key: string) => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`The import planned no household for "${key}".`);
    return id;
  };

  if (plan.guestUpdates.length > 0) {
    const u = plan.guestUpdates;
    // One statement for every update, however many rows.
    const count = await tx.$executeRaw`
      UPDATE guest g
      SET household_id = v.household_id, full_name = v.full_name, email = v.email, phone = v.phone,
          dietary_preference = v.dietary_preference
      FROM unnest(${u.map((x) => x.guestId)}::int[], ${u.map((x) => householdId(x.household.key))}::int[],
                  ${u.map((x) => x.fullName)}::text[], ${u.map((x) => x.email)}::text[],
                  ${u.map((x) => x.phone ?? "")}::text[], ${u.map((x) => x.dietaryPreference)}::text[])
           AS v(guest_id, household_id, full_name, email, phone, dietary_preference)
      WHERE g.guest_id = v.guest_id AND g.wedding_id = ${weddingId}`;
    if (count !== u.length) throw new Error(`The import updated ${count} of ${u.length} guests.`);
  }
  if (plan.newGuests.length > 0) {
    await tx.guest.createMany({
      data: plan.newGuests.map((g) => ({
        weddingId,
        householdId: householdId(g.household.key),
        fullName: g.fullName,
        email: g.email,
        phone: g.phone,
        dietaryPreference: g.dietaryPreference,
      })),
    });
  }
  return [...new Set([...plan.guestUpdates.map((u) => householdId(u.household.key))])];
}

export function describeImport(s: ImportSummary): string {
  const parts = [
    `${s.added} guest${s.added === 1 ? "" : "s"} added`,
    `${s.updated} already there (matched by email, or by name within the household) updated`,
    `${s.unchanged} already there unchanged`,
  ];
  const households =
    s.householdsCreated || s.householdsUpdated
      ? ` Households: ${s.householdsCreated} created, ${s.householdsUpdated} with a new plus-one allowance.`
      : "";
  return `Imported: ${parts.join(", ")}.${households}`;
}

/** Imports the file's guests into the wedding, or nothing at all. */
export async function importGuests(identity: UserIdentity, weddingId: number, text: string): Promise<Result> {
  const read = readGuestCsv(text);
  if (!read.ok) throw importRefused(read.errors);
  return withIdentity(
    identity,
    async (tx) => {
      await beginGuestListWrite(tx, weddingId);
      const planned = planGuestImport(await readSnapshot(tx, weddingId), read.rows);
      if (!planned.ok) throw importRefused(planned.errors);
      const plan = planned.plan;
      const moved = await writePlan(tx, weddingId, plan);
      // The plan checked the allowances; the database has the last word.
      await assertWithinAllowance(tx, [...moved, ...plan.allowanceUpdates.map((u) => u.householdId)], "file");
      const summary: ImportSummary = {
        added: plan.newGuests.length,
        updated: plan.guestUpdates.length,
        unchanged: plan.unchanged,
        householdsCreated: plan.newHouseholds.length,
        householdsUpdated: plan.allowanceUpdates.length,
      };
      return { ok: true as const, message: describeImport(summary), summary };
    },
    { timeoutMs: IMPORT_TIMEOUT_MS },
  );
}
