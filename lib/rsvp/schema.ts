import { z } from "zod";
import { CONSENT_TEXT_VERSION, isConsentPurpose, type TConsentPurpose } from "@/lib/consent/texts";

/** A guest's RSVP token (guest.qr_code): 18 random bytes as base64url, 24 characters. */
export const ZRsvpTokenSchema = z
  .string()
  .length(24)
  .regex(/^[A-Za-z0-9_-]+$/);

export const MEAL_CHOICES = ["Beef", "Chicken", "Fish", "Vegetarian", "Vegan", "Child's menu"] as const;
export type TMealChoice = (typeof MEAL_CHOICES)[number];

export const MAX_PLUS_ONE_NAME = 100;
export const MAX_DIETARY = 200;

const ZId = z.coerce.number().int().positive().max(2_147_483_647);
const ZStatus = z.enum(["Accepted", "Declined"], { error: "Choose accept or decline." });
const ZMeal = z.union([z.literal(""), z.enum(MEAL_CHOICES)], { error: "Choose a meal from the menu." });
const ZDietary = z.string().trim().max(MAX_DIETARY, `Keep dietary needs under ${MAX_DIETARY} characters.`);
const ZPlusOneName = z.string().trim().max(MAX_PLUS_ONE_NAME, `Keep each name under ${MAX_PLUS_ONE_NAME} characters.`);

export type TRsvpAnswerInput = {
  guestId: number;
  eventId: number;
  status: "Accepted" | "Declined" | null;
  mealChoice: TMealChoice | null;
  /** Whether the form carried a meal field for this guest and event at all. */
  mealGiven: boolean;
};

export type TRsvpForm = {
  token: string;
  /** The link holder's own choices, when the form showed them: the wording's version and what was ticked. */
  consent: { version: string; granted: TConsentPurpose[] } | null;
  dietary: { guestId: number; dietaryPreference: string | null }[];
  answers: TRsvpAnswerInput[];
  plusOnes: { eventId: number; names: string[] }[];
};

// The form names its fields after the rows they answer, e.g. "status:12:3" for
// guest 12 at event 3. Whether those ids belong to the invitation is checked
// against the database (lib/rsvp/answers.ts); here only their shape.
const FIELD = /^(dietary|status|meal|plusOne):(\d{1,10})(?::(\d{1,10}))?$/;
const MAX_FIELDS = 2_000;
export const FORM_MISMATCH_MESSAGE = "This form does not match your invitation. Reload the page and try again.";

function one(value: unknown): unknown {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : value) : value;
}

export const ZRsvpFormSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): TRsvpForm => {
  const entries = Object.entries(raw);
  const token = ZRsvpTokenSchema.safeParse(one(raw.token));
  if (!token.success || entries.length > MAX_FIELDS) {
    ctx.addIssue({ code: "custom", message: "This invitation link is not valid.", path: ["_form"] });
    return z.NEVER;
  }
  const dietary: TRsvpForm["dietary"] = [];
  const answers = new Map<string, TRsvpAnswerInput>();
  const plusOnes: TRsvpForm["plusOnes"] = [];
  const answer = (guestId: number, eventId: number) => {
    const key = `${guestId}:${eventId}`;
    let found = answers.get(key);
    if (!found) {
      found = { guestId, eventId, status: null, mealChoice: null, mealGiven: false };
      answers.set(key, found);
    }
    return found;
  };
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", message, path: [path] });
  let mismatched = false;
  const mismatch = () => {
    if (!mismatched) issue("_form", FORM_MISMATCH_MESSAGE);
    mismatched = true;
  };

  const consentVersion = one(raw.consentVersion);
  const granted: TConsentPurpose[] = [];
  for (const [key, value] of entries) {
    if (key === "token" || key === "consentVersion") continue;
    if (key.startsWith("consent:")) {
      const purpose = key.slice("consent:".length);
      if (!isConsentPurpose(purpose) || one(value) !== "yes" || consentVersion !== CONSENT_TEXT_VERSION) mismatch();
      else granted.push(purpose);
      continue;
    }
    const match = FIELD.exec(key);
    const [, kind, first, second] = match ?? [];
    const firstId = ZId.safeParse(first);
    const secondId = second === undefined ? null : ZId.safeParse(second);
    const wantsSecond = kind === "status" || kind === "meal";
    if (!match || !firstId.success || (wantsSecond ? !secondId?.success : secondId !== null)) {
      mismatch();
      continue;
    }
    const eventId = secondId?.success ? secondId.data : 0;
    if (kind === "plusOne") {
      const names = z
        .array(ZPlusOneName)
        .max(20)
        .safeParse(Array.isArray(value) ? value : [value]);
      if (!names.success) issue(key, names.error.issues[0]?.message ?? "Check the names.");
      else plusOnes.push({ eventId: firstId.data, names: names.data.filter((name) => name !== "") });
      continue;
    }
    if (Array.isArray(value)) {
      mismatch();
      continue;
    }
    if (kind === "dietary") {
      const parsed = ZDietary.safeParse(value);
      if (!parsed.success) issue(key, parsed.error.issues[0]?.message ?? "Check this field.");
      else dietary.push({ guestId: firstId.data, dietaryPreference: parsed.data === "" ? null : parsed.data });
    } else if (kind === "status") {
      const parsed = ZStatus.safeParse(value);
      if (!parsed.success) issue(key, parsed.error.issues[0]?.message ?? "Choose accept or decline.");
      else answer(firstId.data, eventId).status = parsed.data;
    } else {
      const parsed = ZMeal.safeParse(value);
      if (!parsed.success) issue(key, parsed.error.issues[0]?.message ?? "Choose a meal from the menu.");
      else Object.assign(answer(firstId.data, eventId), { mealChoice: parsed.data || null, mealGiven: true });
    }
  }
  if (consentVersion !== undefined && consentVersion !== CONSENT_TEXT_VERSION) mismatch();
  const consent = consentVersion === CONSENT_TEXT_VERSION ? { version: CONSENT_TEXT_VERSION, granted } : null;
  return { token: token.data, consent, dietary, answers: [...answers.values()], plusOnes };
});

/** Route ids (`/weddings/[id]/qr/[householdId]`). */
export const ZHouseholdQrParamsSchema = z.object({ id: ZId, householdId: ZId });
export const ZWeddingParamsSchema = z.object({ id: ZId });

export const ZQrFormatSchema = z.enum(["png", "svg"], { error: 'format must be "png" or "svg".' }).default("png");
export type TQrFormat = z.infer<typeof ZQrFormatSchema>;
