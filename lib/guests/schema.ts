import { z } from "zod";
import { MEAL_CHOICES } from "@/lib/rsvp/schema";
import {
  parseSearchParams,
  toQueryString,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// Guests and households: the forms' input, the CSV row and the guest list's
// URL. Shared by server and client code, so it imports nothing server-only.

const MAX_INT = 2_147_483_647;
export const MAX_NAME = 200;
export const MAX_EMAIL = 254;
export const MAX_PHONE = 40;
export const MAX_DIETARY = 200;
export const MAX_ALLOWANCE = 20;
export const MAX_BULK_GUESTS = 2_000;
export const MAX_PLUS_ONE_NAME = 100;
export { MEAL_CHOICES };

export const RSVP_STATUSES = ["Pending", "Accepted", "Declined"] as const;
export type TRsvpStatus = (typeof RSVP_STATUSES)[number];

// Control characters (NUL above all, which PostgreSQL text cannot hold) are
// never part of a name or a note; tabs and line breaks only in multi-line notes.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;

function text(what: string, max: number, { required }: { required: boolean }) {
  const base = z
    .string({ error: required ? `Enter ${what}.` : `${capital(what)} must be text.` })
    .trim()
    .max(max, `${capital(what)} has at most ${max} characters.`)
    .refine((value) => !CONTROL_OR_BREAK.test(value), `${capital(what)} cannot contain control characters.`);
  return required ? base.refine((value) => value.length > 0, `Enter ${what}.`) : base;
}

function capital(value: string): string {
  const bare = value.replace(/^(a|an|the) /, "");
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

export function zId(what: string) {
  return z.coerce
    .number({ error: `Choose ${what}.` })
    .int(`Choose ${what}.`)
    .min(1, `Choose ${what}.`)
    .max(MAX_INT, `Choose ${what}.`);
}

export const ZHouseholdName = text("a household name", MAX_NAME, { required: true });
export const ZFullName = text("a full name", MAX_NAME, { required: true });

/** Optional free text: empty becomes null. */
function optionalText(what: string, max: number) {
  return text(what, max, { required: false }).transform((value) => (value === "" ? null : value));
}

export const ZEmail = z
  .string({ error: "The email address must be text." })
  .trim()
  .max(MAX_EMAIL, `An email address has at most ${MAX_EMAIL} characters.`)
  .transform((value) => value.toLowerCase())
  .pipe(z.union([z.literal(""), z.email("Invalid email address, expected something like name@example.com.")]))
  .transform((value) => (value === "" ? null : value));

export const ZPhone = z
  .string({ error: "The phone number must be text." })
  .trim()
  .max(MAX_PHONE, `A phone number has at most ${MAX_PHONE} characters.`)
  .refine(
    (value) => value === "" || (/^\+?[0-9 ()./-]+$/.test(value) && (value.match(/\d/g)?.length ?? 0) >= 3),
    "Invalid phone number: use digits, spaces and + ( ) - . / only.",
  )
  .transform((value) => (value === "" ? null : value));

export const ZDietary = optionalText("the dietary preference", MAX_DIETARY);

const ALLOWANCE_MESSAGE = `Enter a whole number from 0 to ${MAX_ALLOWANCE}.`;
/** A plus-one allowance (or a number of plus-ones) that is already a number. */
export const ZAllowanceValue = z
  .number({ error: ALLOWANCE_MESSAGE })
  .int(ALLOWANCE_MESSAGE)
  .min(0, ALLOWANCE_MESSAGE)
  .max(MAX_ALLOWANCE, ALLOWANCE_MESSAGE);
/** The same from a form field ("3"). */
export const ZAllowance = z
  .string({ error: ALLOWANCE_MESSAGE })
  .trim()
  .regex(/^\d{1,9}$/, ALLOWANCE_MESSAGE)
  .transform(Number)
  .pipe(ZAllowanceValue);

// The version a form was opened with: the row's updated_at to the
// microsecond, as the queries give it ("2026-11-25T10:00:00.123456Z").
export const ZVersion = z
  .string({ error: "This form is out of date. Reload the page and try again." })
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
    "This form is out of date. Reload the page and try again.",
  );

const ZWeddingId = zId("a wedding");

// Households ----------------------------------------------------------------------

export const ZCreateHouseholdSchema = z.object({
  weddingId: ZWeddingId,
  name: ZHouseholdName,
  plusOneAllowance: z.preprocess((v) => (v === "" || v === undefined ? "0" : v), ZAllowance),
});
export type TCreateHousehold = z.infer<typeof ZCreateHouseholdSchema>;

export const ZUpdateHouseholdSchema = ZCreateHouseholdSchema.extend({
  householdId: zId("a household"),
  version: ZVersion,
});
export type TUpdateHousehold = z.infer<typeof ZUpdateHouseholdSchema>;

export const ZDeleteHouseholdSchema = z.object({
  weddingId: ZWeddingId,
  householdId: zId("a household"),
  version: ZVersion,
});
export type TDeleteHousehold = z.infer<typeof ZDeleteHouseholdSchema>;

// Guests --------------------------------------------------------------------------

const guestFields = {
  weddingId: ZWeddingId,
  householdId: zId("a household"),
  fullName: ZFullName,
  email: z.preprocess((v) => v ?? "", ZEmail),
  phone: z.preprocess((v) => v ?? "", ZPhone),
  dietaryPreference: z.preprocess((v) => v ?? "", ZDietary),
};

export const ZCreateGuestSchema = z.object(guestFields);
export type TCreateGuest = z.infer<typeof ZCreateGuestSchema>;

export const ZUpdateGuestSchema = z.object({ ...guestFields, guestId: zId("a guest"), version: ZVersion });
export type TUpdateGuest = z.infer<typeof ZUpdateGuestSchema>;

export const ZDeleteGuestSchema = z.object({ weddingId: ZWeddingId, guestId: zId("a guest"), version: ZVersion });
export type TDeleteGuest = z.infer<typeof ZDeleteGuestSchema>;

// RSVPs ---------------------------------------------------------------------------

/** Checkbox values arrive once per checked box: one is a string, several an array. */
const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const ZBulkRsvpSchema = z.object({
  weddingId: ZWeddingId,
  eventId: zId("an event"),
  guestIds: z.preprocess(
    asArray,
    z
      .array(zId("guests"))
      .min(1, "Select at least one guest.")
      .max(MAX_BULK_GUESTS, `Select at most ${MAX_BULK_GUESTS} guests at a time.`),
  ),
});
export type TBulkRsvp = z.infer<typeof ZBulkRsvpSchema>;

export const ZSetRsvpSchema = z
  .object({
    weddingId: ZWeddingId,
    rsvpId: zId("an invitation"),
    version: ZVersion,
    status: z.enum(RSVP_STATUSES, { error: "Choose pending, accepted or declined." }),
    mealChoice: z.preprocess(
      (v) => v ?? "",
      z.union([z.literal(""), z.enum(MEAL_CHOICES)], { error: "Choose a meal from the menu." }),
    ),
    plusOnes: z.preprocess((v) => (v === "" || v === undefined ? "0" : v), ZAllowance),
    plusOneNames: z.preprocess(
      (v) => v ?? "",
      z
        .string({ error: "Plus-one names must be text." })
        .max(2_000, "Plus-one names have at most 2000 characters.")
        .transform((value) =>
          value
            .split(/\r?\n|\r/)
            .map((name) => name.trim())
            .filter((name) => name !== ""),
        )
        .pipe(
          z
            .array(
              z
                .string()
                .max(MAX_PLUS_ONE_NAME, `Keep each name under ${MAX_PLUS_ONE_NAME} characters.`)
                .refine((name) => !CONTROL.test(name), "Names cannot contain control characters."),
            )
            .max(MAX_ALLOWANCE, `At most ${MAX_ALLOWANCE} names.`),
        ),
    ),
  })
  .superRefine((input, ctx) => {
    // zod runs this even when a field failed; look only at fields that parsed.
    const plusOnes = typeof input.plusOnes === "number" ? input.plusOnes : 0;
    if (input.status !== "Accepted") {
      if (input.mealChoice) {
        ctx.addIssue({ code: "custom", path: ["mealChoice"], message: "Only a guest who accepts chooses a meal." });
      }
      if (plusOnes > 0) {
        ctx.addIssue({ code: "custom", path: ["plusOnes"], message: "Only a guest who accepts brings plus-ones." });
      }
    }
    if (Array.isArray(input.plusOneNames) && input.plusOneNames.length > plusOnes) {
      ctx.addIssue({
        code: "custom",
        path: ["plusOneNames"],
        message: `There are more names (${input.plusOneNames.length}) than plus-ones (${plusOnes}).`,
      });
    }
  });
export type TSetRsvp = z.infer<typeof ZSetRsvpSchema>;

// CSV import ------------------------------------------------------------------------

export const MAX_IMPORT_BYTES = 1_000_000;
export const MAX_IMPORT_ROWS = 5_000;

export const ZImportGuestsSchema = z.object({
  weddingId: ZWeddingId,
  file: z
    .instanceof(File, { message: "Choose a CSV file to import." })
    .refine((file) => file.size > 0, "The file is empty.")
    .refine((file) => file.size <= MAX_IMPORT_BYTES, "The file is larger than 1 MB. Split it into smaller files."),
});
export type TImportGuests = z.infer<typeof ZImportGuestsSchema>;

// The guest list's URL --------------------------------------------------------------

export const GUEST_STATUS_FILTERS = ["invited", "Pending", "Accepted", "Declined", "not-invited"] as const;
export type TGuestStatusFilter = (typeof GUEST_STATUS_FILTERS)[number];
export const GUEST_SORTS = ["name", "household", "email", "dietary"] as const;

const fields = {
  q: {
    schema: z.string().trim().min(1).max(100).optional(),
    label: "the search",
    hint: "use at most 100 characters.",
  },
  event: {
    schema: z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .transform(Number)
      .pipe(z.number().max(MAX_INT))
      .optional(),
    label: "the event filter",
    hint: "an event id is a whole number.",
  },
  status: {
    schema: z.enum(GUEST_STATUS_FILTERS).optional(),
    label: "the RSVP filter",
    hint: `use ${GUEST_STATUS_FILTERS.join(", ")}.`,
  },
  sort: {
    schema: z
      .string()
      .regex(/^(name|household|email|dietary|event-[1-9]\d{0,9})$/)
      .default("name"),
    label: "the sort column",
    hint: `sort by ${GUEST_SORTS.join(", ")} or an event column.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("asc"), label: "the sort direction", hint: "use asc or desc." },
};

export type TGuestFilters = SearchParamValues<typeof fields>;
export const DEFAULT_GUEST_FILTERS: TGuestFilters = { sort: "name", dir: "asc" };

/** Valid filters from whatever the address holds, and a note for each value that was ignored. */
export function parseGuestSearchParams(raw: RawSearchParams): { filters: TGuestFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  const filters = { ...values };
  if (filters.status && filters.event === undefined) {
    // "invited" is what the form sends when no event is chosen: nothing to say.
    if (filters.status !== "invited") notes.push("Ignored the RSVP status: choose an event for it too.");
    delete filters.status;
  }
  if (filters.event !== undefined && !filters.status) filters.status = "invited";
  return { filters, notes };
}

export function guestListHref(weddingId: number, filters: TGuestFilters, changes: Partial<TGuestFilters> = {}): string {
  const next = { ...filters, ...changes };
  const query = toQueryString(
    {
      q: next.q,
      event: next.event,
      status: next.event === undefined ? undefined : next.status,
      sort: next.sort,
      dir: next.dir,
    },
    DEFAULT_GUEST_FILTERS,
  );
  return `/weddings/${weddingId}/guests${query}`;
}
