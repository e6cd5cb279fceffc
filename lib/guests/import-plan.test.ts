import { describe, expect, it } from "vitest";
import { formatRowError, type GuestCsvRow } from "./csv";
import { planGuestImport, type GuestListSnapshot } from "./import-plan";

const existing: GuestListSnapshot = {
  households: [
    { id: 1, name: "The Petrov family", plusOneAllowance: 0 },
    { id: 2, name: "Ana Smith", plusOneAllowance: 2 },
  ],
  guests: [
    {
      id: 10,
      householdId: 1,
      fullName: "Ivan Petrov",
      email: "ivan@example.test",
      phone: null,
      dietaryPreference: null,
    },
    { id: 11, householdId: 1, fullName: "Maria Petrova", email: null, phone: "+389 1", dietaryPreference: "Vegan" },
    { id: 20, householdId: 2, fullName: "Ana Smith", email: "ana@example.test", phone: null, dietaryPreference: null },
  ],
  plusOnes: [{ guestId: 20, eventId: 5, eventName: "Reception", plusOnes: 2 }],
};

let nextRow = 2;
function row(fields: Partial<GuestCsvRow>): GuestCsvRow {
  return {
    row: nextRow++,
    household: "New household",
    plusOneAllowance: null,
    fullName: "Someone",
    email: null,
    phone: null,
    dietaryPreference: null,
    ...fields,
  };
}

function plan(rows: GuestCsvRow[]) {
  const result = planGuestImport(existing, rows);
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join("\n"));
  return result.plan;
}

function errors(rows: GuestCsvRow[]) {
  const result = planGuestImport(existing, rows);
  if (result.ok) throw new Error("expected the import to be refused");
  return result.errors.map(formatRowError);
}

describe("planGuestImport", () => {
  it("adds new guests and creates missing households, matching household names loosely", () => {
    const p = plan([
      row({ row: 2, household: "  the PETROV   family ", fullName: "Baby Petrov" }),
      row({ row: 3, household: "Jones", plusOneAllowance: 1, fullName: "Tom Jones" }),
      row({ row: 4, household: "jones", fullName: "Kate Jones", email: "kate@example.test" }),
    ]);
    expect(p.newHouseholds).toEqual([{ key: "jones", name: "Jones", plusOneAllowance: 1 }]);
    expect(p.newGuests.map((g) => [g.household.key, g.fullName])).toEqual([
      ["the petrov family", "Baby Petrov"],
      ["jones", "Tom Jones"],
      ["jones", "Kate Jones"],
    ]);
    expect(p.existingHouseholdIds.get("the petrov family")).toBe(1);
    expect(p.guestUpdates).toEqual([]);
    expect(p.allowanceUpdates).toEqual([]);
  });

  it("matches an existing guest by email (any household) and updates them, keeping stored values for empty cells", () => {
    const p = plan([
      row({
        household: "Ana Smith",
        fullName: "Ivan Petrov Jr",
        email: "ivan@example.test",
        dietaryPreference: "Halal",
      }),
    ]);
    expect(p.guestUpdates).toEqual([
      {
        guestId: 10,
        household: { key: "ana smith" },
        fullName: "Ivan Petrov Jr",
        email: "ivan@example.test",
        phone: null,
        dietaryPreference: "Halal",
      },
    ]);
    expect(p.newGuests).toEqual([]);
  });

  it("matches by name within the household when there is no email, and counts unchanged rows", () => {
    const p = plan([
      row({ household: "The Petrov family", fullName: "maria  petrova" }),
      row({ household: "The Petrov family", fullName: "Ivan Petrov", email: "ivan@example.test" }),
    ]);
    expect(p.guestUpdates).toEqual([
      {
        guestId: 11,
        household: { key: "the petrov family" },
        fullName: "maria  petrova",
        email: null,
        phone: "+389 1",
        dietaryPreference: "Vegan",
      },
    ]);
    expect(p.unchanged).toBe(1);
  });

  it("does not match a name in another household", () => {
    const p = plan([row({ household: "Ana Smith", fullName: "Maria Petrova" })]);
    expect(p.newGuests).toHaveLength(1);
    expect(p.guestUpdates).toEqual([]);
  });

  it("updates an existing household's allowance when the file gives another", () => {
    const p = plan([row({ household: "The Petrov family", plusOneAllowance: 3, fullName: "Ivan Petrov" })]);
    expect(p.allowanceUpdates).toEqual([{ householdId: 1, plusOneAllowance: 3 }]);
    const same = plan([row({ household: "Ana Smith", plusOneAllowance: 2, fullName: "Ana Smith" })]);
    expect(same.allowanceUpdates).toEqual([]);
    expect(same.unchanged).toBe(1);
  });

  it("refuses an allowance below the plus-ones the household already brings", () => {
    expect(errors([row({ row: 7, household: "Ana Smith", plusOneAllowance: 1, fullName: "Ana Smith" })])).toEqual([
      "Row 7, plus_one_allowance: Ana Smith would bring 2 plus-ones to Reception, more than its allowance of 1.",
    ]);
  });

  it("refuses moving a guest's plus-ones into a household without room", () => {
    expect(
      errors([row({ row: 9, household: "The Petrov family", fullName: "Ana Smith", email: "ana@example.test" })]),
    ).toEqual([
      "Row 9, household: The Petrov family would bring 2 plus-ones to Reception, more than its allowance of 0.",
    ]);
  });

  it("refuses two rows that match the same existing guest", () => {
    expect(
      errors([
        row({ row: 2, household: "The Petrov family", fullName: "Ivan Petrov" }),
        row({ row: 3, household: "Ana Smith", fullName: "Ivan P.", email: "ivan@example.test" }),
      ]),
    ).toEqual(["Row 3, email: Row 2 already matches this guest (Ivan Petrov)."]);
  });

  it("refuses names that match more than one household or guest", () => {
    const twins: GuestListSnapshot = {
      households: [...existing.households, { id: 3, name: "the petrov FAMILY", plusOneAllowance: 0 }],
      guests: [
        ...existing.guests,
        { id: 12, householdId: 2, fullName: "Ana Smith", email: null, phone: null, dietaryPreference: null },
      ],
      plusOnes: [],
    };
    const result = planGuestImport(twins, [
      row({ row: 2, household: "The Petrov family", fullName: "X" }),
      row({ row: 3, household: "Ana Smith", fullName: "ana smith" }),
    ]);
    expect(result.ok ? [] : result.errors.map(formatRowError)).toEqual([
      'Row 2, household: 2 households of this wedding are called "The Petrov family". Rename one of them first.',
      "Row 3, full_name: 2 guests of this household have this name; edit them on the guest page instead.",
    ]);
  });
});
