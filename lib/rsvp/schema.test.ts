import { describe, expect, it } from "vitest";
import { CONSENT_TEXT_VERSION } from "@/lib/consent/texts";
import {
  FORM_MISMATCH_MESSAGE,
  ZHouseholdQrParamsSchema,
  ZQrFormatSchema,
  ZRsvpFormSchema,
  ZRsvpTokenSchema,
} from "./schema";

const token = "AbCdEfGhIjKlMnOpQrStUv-_";

function fieldErrors(input: Record<string, unknown>) {
  const parsed = ZRsvpFormSchema.safeParse(input);
  if (parsed.success) throw new Error("expected the form to be refused");
  return Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("ZRsvpTokenSchema", () => {
  it("accepts 24 base64url characters", () => {
    expect(ZRsvpTokenSchema.safeParse(token).success).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["too short", token.slice(1)],
    ["too long", `${token}A`],
    ["10 000 characters", "A".repeat(10_000)],
    ["an SQL fragment", "' OR 1=1 --"],
    ["an SQL fragment of the right length", "'OR 1=1;DROP TABLE gu--"],
    ["emoji", "😀".repeat(12)],
    ["standard base64", "AbCdEfGhIjKlMnOpQrStUv+/"],
    ["padding", "AbCdEfGhIjKlMnOpQrStUv=="],
    ["whitespace", ` ${token.slice(1)}`],
  ])("refuses %s", (_name, value) => {
    expect(ZRsvpTokenSchema.safeParse(value).success).toBe(false);
  });
});

describe("ZRsvpFormSchema", () => {
  it("reads answers, meals, dietary needs and plus-ones from the field names", () => {
    const parsed = ZRsvpFormSchema.parse({
      token,
      "dietary:7": "  Nut allergy ",
      "dietary:8": "",
      "status:7:3": "Accepted",
      "meal:7:3": "Fish",
      "meal:8:3": "",
      "status:8:3": "Declined",
      "plusOne:3": ["Zed", " ", "Yara "],
      "plusOne:4": "",
    });
    expect(parsed).toEqual({
      token,
      consent: null,
      dietary: [
        { guestId: 7, dietaryPreference: "Nut allergy" },
        { guestId: 8, dietaryPreference: null },
      ],
      answers: [
        { guestId: 7, eventId: 3, status: "Accepted", mealChoice: "Fish", mealGiven: true },
        { guestId: 8, eventId: 3, status: "Declined", mealChoice: null, mealGiven: true },
      ],
      plusOnes: [
        { eventId: 3, names: ["Zed", "Yara"] },
        { eventId: 4, names: [] },
      ],
    });
  });

  it("puts each problem next to its field", () => {
    expect(
      fieldErrors({
        token,
        "status:7:3": "Maybe",
        "meal:7:3": "Lobster",
        "dietary:7": "x".repeat(201),
        "plusOne:3": ["y".repeat(101)],
      }),
    ).toEqual({
      "status:7:3": "Choose accept or decline.",
      "meal:7:3": "Choose a meal from the menu.",
      "dietary:7": "Keep dietary needs under 200 characters.",
      "plusOne:3": "Keep each name under 100 characters.",
    });
  });

  it.each([
    ["an unknown field", { "admin:1": "x" }],
    ["a status without an event", { "status:7": "Accepted" }],
    ["a dietary field with an event", { "dietary:7:3": "Vegan" }],
    ["a non-numeric id", { "status:abc:3": "Accepted" }],
    ["an id of zero", { "status:0:3": "Accepted" }],
    ["an id beyond integer range", { "status:99999999999:3": "Accepted" }],
    ["a repeated answer", { "status:7:3": ["Accepted", "Declined"] }],
  ])("refuses %s as a form that does not match the invitation", (_name, extra) => {
    expect(fieldErrors({ token, ...extra })).toEqual({ _form: FORM_MISMATCH_MESSAGE });
  });

  it("refuses a malformed token", () => {
    expect(fieldErrors({ token: "' OR 1=1 --" })).toEqual({ _form: "This invitation link is not valid." });
    expect(fieldErrors({})).toEqual({ _form: "This invitation link is not valid." });
  });
});

describe("QR route parameters", () => {
  it("coerces positive integer ids and refuses anything else", () => {
    expect(ZHouseholdQrParamsSchema.parse({ id: "12", householdId: "7" })).toEqual({ id: 12, householdId: 7 });
    for (const bad of ["0", "-1", "1.5", "abc", "1e3x", ""]) {
      expect(ZHouseholdQrParamsSchema.safeParse({ id: bad, householdId: "7" }).success).toBe(false);
    }
  });

  it("defaults the format to png and knows only png and svg", () => {
    expect(ZQrFormatSchema.parse(undefined)).toBe("png");
    expect(ZQrFormatSchema.parse("svg")).toBe("svg");
    expect(ZQrFormatSchema.safeParse("gif").success).toBe(false);
  });
});

describe("ZRsvpFormSchema: the link holder's consent", () => {
  it("reads the ticked purposes when the form showed the current wording", () => {
    const parsed = ZRsvpFormSchema.parse({
      token: "A".repeat(24),
      consentVersion: CONSENT_TEXT_VERSION,
      "consent:photo_sharing": "yes",
    });
    expect(parsed.consent).toEqual({ version: CONSENT_TEXT_VERSION, granted: ["photo_sharing"] });
  });

  it("records nothing when the form had no consent section", () => {
    expect(ZRsvpFormSchema.parse({ token: "A".repeat(24) }).consent).toBeNull();
  });
});
