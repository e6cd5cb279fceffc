import { nameKey, type CsvRowError, type GuestCsvRow } from "./csv";

// Turns checked CSV rows into the writes of an import, against the wedding's
// guest list as it is. Pure: import-guests.ts reads the list and writes the
// plan in one transaction.
//
// Duplicates of existing guests: a row is the same guest as an existing one
// with the same email address (ignoring case), or else with the same name in
// the same household. Such a guest is updated from the row: its name, its
// household (it moves), and each contact cell that is not empty. Empty cells
// keep what is stored. A row that changes nothing counts as "already there".

export type ExistingHousehold = { id: number; name: string; plusOneAllowance: number };
export type ExistingGuest = {
  id: number;
  householdId: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
};
/** An RSVP that brings plus-ones (only those matter to the allowance). */
export type ExistingPlusOnes = { guestId: number; eventId: number; eventName: string; plusOnes: number };

export type GuestListSnapshot = {
  households: ExistingHousehold[];
  guests: ExistingGuest[];
  plusOnes: ExistingPlusOnes[];
};

/** A household by its key (nameKey of its name): existing (id) or created by this import. */
export type HouseholdRef = { key: string };

export type GuestValues = {
  household: HouseholdRef;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
};

export type ImportPlan = {
  newHouseholds: { key: string; name: string; plusOneAllowance: number }[];
  allowanceUpdates: { householdId: number; plusOneAllowance: number }[];
  newGuests: GuestValues[];
  guestUpdates: (GuestValues & { guestId: number })[];
  unchanged: number;
  /** key → existing household id, for every existing household the plan refers to. */
  existingHouseholdIds: Map<string, number>;
};

export type ImportPlanResult = { ok: true; plan: ImportPlan } | { ok: false; errors: CsvRowError[] };

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function planGuestImport(existing: GuestListSnapshot, rows: GuestCsvRow[]): ImportPlanResult {
  const errors: CsvRowError[] = [];
  const householdsByKey = groupBy(existing.households, (h) => nameKey(h.name));
  const householdById = new Map(existing.households.map((h) => [h.id, h]));
  const guestsByEmail = groupBy(
    existing.guests.filter((g) => g.email),
    (g) => g.email!.toLowerCase(),
  );
  const guestsByName = groupBy(existing.guests, (g) => `${g.householdId}\u0000${nameKey(g.fullName)}`);

  // Each household the file names: existing or new, and its allowance after the import.
  const fileHouseholds = new Map<
    string,
    {
      name: string;
      existing?: ExistingHousehold;
      allowance: number | null;
      firstRow: number;
      allowanceRow: number | null;
    }
  >();
  for (const row of rows) {
    const key = nameKey(row.household);
    let entry = fileHouseholds.get(key);
    if (!entry) {
      const matches = householdsByKey.get(key) ?? [];
      if (matches.length > 1) {
        errors.push({
          row: row.row,
          column: "household",
          message: `${matches.length} households of this wedding are called "${row.household}". Rename one of them first.`,
        });
      }
      entry = { name: row.household, existing: matches[0], allowance: null, firstRow: row.row, allowanceRow: null };
      fileHouseholds.set(key, entry);
    }
    if (row.plusOneAllowance !== null && entry.allowance === null) {
      entry.allowance = row.plusOneAllowance;
      entry.allowanceRow = row.row;
    }
  }

  const claimed = new Map<number, number>();
  const newGuests: GuestValues[] = [];
  const guestUpdates: (GuestValues & { guestId: number })[] = [];
  const movedIn = new Map<string, number>();
  let unchanged = 0;

  for (const row of rows) {
    const key = nameKey(row.household);
    const household = fileHouseholds.get(key)!;
    let match: ExistingGuest | undefined;
    let matchedBy: "email" | "full_name" = "email";
    if (row.email) {
      const byEmail = guestsByEmail.get(row.email) ?? [];
      if (byEmail.length > 1) {
        errors.push({
          row: row.row,
          column: "email",
          message: `${byEmail.length} guests of this wedding have this email address.`,
        });
        continue;
      }
      match = byEmail[0];
    }
    if (!match && household.existing) {
      const byName = guestsByName.get(`${household.existing.id}\u0000${nameKey(row.fullName)}`) ?? [];
      if (byName.length > 1) {
        errors.push({
          row: row.row,
          column: "full_name",
          message: `${byName.length} guests of this household have this name; edit them on the guest page instead.`,
        });
        continue;
      }
      match = byName[0];
      matchedBy = "full_name";
    }
    if (!match) {
      newGuests.push({
        household: { key },
        fullName: row.fullName,
        email: row.email,
        phone: row.phone,
        dietaryPreference: row.dietaryPreference,
      });
      continue;
    }
    const earlier = claimed.get(match.id);
    if (earlier !== undefined) {
      errors.push({
        row: row.row,
        column: matchedBy,
        message: `Row ${earlier} already matches this guest (${match.fullName}).`,
      });
      continue;
    }
    claimed.set(match.id, row.row);
    const next: GuestValues & { guestId: number } = {
      guestId: match.id,
      household: { key },
      fullName: row.fullName,
      email: row.email ?? match.email,
      phone: row.phone ?? match.phone,
      dietaryPreference: row.dietaryPreference ?? match.dietaryPreference,
    };
    const moves = household.existing?.id !== match.householdId;
    if (moves && !movedIn.has(key)) movedIn.set(key, row.row);
    const changed =
      moves ||
      next.fullName !== match.fullName ||
      next.email !== match.email ||
      next.phone !== match.phone ||
      next.dietaryPreference !== match.dietaryPreference;
    if (changed) guestUpdates.push(next);
    else unchanged++;
  }

  // Plus-ones ride on guests' RSVP rows: after the import, each household's
  // plus-ones per event must stay within its allowance.
  const finalKey = new Map<number, string>();
  for (const g of existing.guests) finalKey.set(g.id, nameKey(householdById.get(g.householdId)?.name ?? ""));
  for (const u of guestUpdates) finalKey.set(u.guestId, u.household.key);
  const sums = new Map<string, { key: string; eventName: string; plusOnes: number }>();
  for (const p of existing.plusOnes) {
    const key = finalKey.get(p.guestId);
    if (key === undefined || p.plusOnes === 0) continue;
    const id = `${key}\u0000${p.eventId}`;
    const sum = sums.get(id) ?? { key, eventName: p.eventName, plusOnes: 0 };
    sum.plusOnes += p.plusOnes;
    sums.set(id, sum);
  }
  const blamed = new Set<string>();
  for (const sum of sums.values()) {
    const entry = fileHouseholds.get(sum.key);
    if (!entry || blamed.has(sum.key)) continue;
    const allowance = entry.allowance ?? entry.existing?.plusOneAllowance ?? 0;
    if (sum.plusOnes <= allowance) continue;
    blamed.add(sum.key);
    const lowered = entry.allowanceRow !== null && entry.allowance !== entry.existing?.plusOneAllowance;
    errors.push({
      row: lowered ? entry.allowanceRow! : (movedIn.get(sum.key) ?? entry.firstRow),
      column: lowered ? "plus_one_allowance" : "household",
      message: `${entry.name} would bring ${sum.plusOnes} plus-ones to ${sum.eventName}, more than its allowance of ${allowance}.`,
    });
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };

  const existingHouseholdIds = new Map<string, number>();
  const newHouseholds: ImportPlan["newHouseholds"] = [];
  const allowanceUpdates: ImportPlan["allowanceUpdates"] = [];
  for (const [key, entry] of fileHouseholds) {
    if (entry.existing) {
      existingHouseholdIds.set(key, entry.existing.id);
      if (entry.allowance !== null && entry.allowance !== entry.existing.plusOneAllowance) {
        allowanceUpdates.push({ householdId: entry.existing.id, plusOneAllowance: entry.allowance });
      }
    } else {
      newHouseholds.push({ key, name: entry.name, plusOneAllowance: entry.allowance ?? 0 });
    }
  }
  return {
    ok: true,
    plan: { newHouseholds, allowanceUpdates, newGuests, guestUpdates, unchanged, existingHouseholdIds },
  };
}
