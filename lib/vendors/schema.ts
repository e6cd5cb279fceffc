import { z } from "zod";
import { ZMoney, ZVersion } from "@/lib/budget/schema";
import type { ServiceCategory, VendorStatus } from "@/lib/generated/prisma/enums";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// The vendor search's address and the vendor portal's forms. Shared by server
// and client code, so it imports nothing server-only.

const MAX_INT = 2_147_483_647;
export const MAX_VENDOR_SEARCH = 200;
export const MAX_VENDOR_PAGE = 10_000;
export const VENDOR_PAGE_SIZE = 20;
export const MAX_VENDOR_NAME = 200;
export const MAX_VENDOR_DESCRIPTION = 10_000;
export const MAX_REGION = 100;
export const MAX_PACKAGE_NAME = 200;
export const MAX_PACKAGE_DESCRIPTION = 2_000;
export const MAX_PACKAGES_PER_VENDOR = 50;

export const SERVICE_CATEGORIES = [
  "Catering",
  "Florist",
  "Photography",
  "Videography",
  "Music",
  "Decoration",
  "Cake",
  "Attire",
  "Beauty",
  "Transport",
  "Stationery",
  "Officiant",
  "Lighting",
  "Rentals",
  "Other",
] as const satisfies readonly ServiceCategory[];
export const VENDOR_STATUSES = ["Active", "Inactive", "Suspended"] as const satisfies readonly VendorStatus[];
export const PRICE_BANDS = [1, 2, 3, 4] as const;

export type TServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export type TVendorStatus = (typeof VENDOR_STATUSES)[number];

/** "€" to "€€€€": a price band as people read it. */
export function priceBandLabel(band: number): string {
  return "€".repeat(Math.min(Math.max(band, 1), 4));
}

// Control characters never belong in a search or a name (PostgreSQL text
// cannot even hold NUL); line breaks only in descriptions.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;

/** A search as typed, made safe to send: no control characters, at most MAX_VENDOR_SEARCH characters. */
export function cleanSearch(value: string): { q: string | undefined; shortened: boolean } {
  const characters = Array.from(value.replace(CONTROL, " ").replace(/\s+/g, " ").trim());
  const shortened = characters.length > MAX_VENDOR_SEARCH;
  const q = characters.slice(0, MAX_VENDOR_SEARCH).join("").trim();
  return { q: q === "" ? undefined : q, shortened };
}

// The search page's address ------------------------------------------------------------

const fields = {
  q: {
    // Any text is a valid search; cleanSearch shortens it (parseVendorSearchParams says so).
    schema: z
      .string()
      .transform((value) => cleanSearch(value).q)
      .optional(),
    label: "the search",
    hint: "use plain text.",
  },
  category: {
    schema: z.enum(SERVICE_CATEGORIES).optional(),
    label: "the category filter",
    hint: "not a service category.",
  },
  region: {
    schema: z.string().trim().min(1).max(MAX_REGION).optional(),
    label: "the region filter",
    hint: `use at most ${MAX_REGION} characters.`,
  },
  band: {
    schema: z.enum(["1", "2", "3", "4"]).transform(Number).optional(),
    label: "the price band filter",
    hint: "use 1 (€) to 4 (€€€€).",
  },
  status: {
    schema: z.enum(VENDOR_STATUSES).default("Active"),
    label: "the status filter",
    hint: `use ${VENDOR_STATUSES.join(", ")}.`,
  },
  page: {
    schema: zPositiveInt(MAX_VENDOR_PAGE).default(1),
    label: "the page number",
    hint: `pages run from 1 to ${MAX_VENDOR_PAGE}.`,
  },
};

export type TVendorFilters = SearchParamValues<typeof fields>;

export const DEFAULT_VENDOR_FILTERS: TVendorFilters = { status: "Active", page: 1 };

/** Valid filters from whatever the address holds, and a note for each value that was ignored or shortened. */
export function parseVendorSearchParams(raw: RawSearchParams): { filters: TVendorFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(fields, raw);
  if (typeof raw.q === "string" && cleanSearch(raw.q).shortened) {
    notes.push(`The search was shortened to its first ${MAX_VENDOR_SEARCH} characters.`);
  }
  return { filters: values, notes };
}

/** Whether the search or a filter narrows the list (the status filter counts when it is not the default). */
export function isVendorSearchFiltered(filters: TVendorFilters): boolean {
  return Boolean(filters.q || filters.category || filters.region || filters.band || filters.status !== "Active");
}

/** The search page's address for these filters, with `changes` applied. */
export function vendorsHref(filters: TVendorFilters, changes: Partial<TVendorFilters> = {}): string {
  const next = { ...filters, ...changes };
  const query = toQueryString(
    {
      q: next.q,
      category: next.category,
      region: next.region,
      band: next.band,
      status: next.status,
      page: next.page,
    },
    DEFAULT_VENDOR_FILTERS,
  );
  return `/vendors${query}`;
}

/** A vendor id from the address: plain digits naming a positive 32-bit integer, or null. */
export function parseVendorId(value: string): number | null {
  if (!/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id >= 1 && id <= MAX_INT ? id : null;
}

// The vendor portal's forms -------------------------------------------------------------

function text(what: string, max: number, { required, multiline }: { required: boolean; multiline: boolean }) {
  const capital = what.replace(/^(a|an|the) /, "").replace(/^./, (c) => c.toUpperCase());
  const base = z
    .string({ error: required ? `Enter ${what}.` : `${capital} must be text.` })
    .trim()
    .max(max, `${capital} has at most ${max} characters.`)
    .refine(
      (value) => !(multiline ? new RegExp(CONTROL.source) : CONTROL_OR_BREAK).test(value),
      `${capital} cannot contain control characters.`,
    );
  return required ? base.refine((value) => value.length > 0, `Enter ${what}.`) : base;
}

/** Optional text: absent or empty is null. */
function optionalText(what: string, max: number) {
  return z
    .preprocess((value) => (value === undefined ? "" : value), text(what, max, { required: false, multiline: true }))
    .transform((value) => (value === "" ? null : value));
}

function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

/** A checkbox: "1" or "on" when ticked, absent when not. */
const ZCheckbox = z
  .union([z.literal("1"), z.literal("on")], { error: "Tick the box or leave it empty." })
  .optional()
  .transform((value) => value !== undefined);

export const ZUpdateVendorProfileSchema = z.object({
  version: ZVersion,
  name: text("a name", MAX_VENDOR_NAME, { required: true, multiline: false }),
  description: optionalText("the description", MAX_VENDOR_DESCRIPTION),
  region: text("a region", MAX_REGION, { required: true, multiline: false }),
  priceBand: z.enum(["1", "2", "3", "4"], { error: "Choose a price band from € to €€€€." }).transform(Number),
  serviceCategory: z.enum(SERVICE_CATEGORIES, { error: "Choose a service category from the list." }),
});
export type TUpdateVendorProfile = z.infer<typeof ZUpdateVendorProfileSchema>;

const packageFields = {
  name: text("a package name", MAX_PACKAGE_NAME, { required: true, multiline: false }),
  description: optionalText("the description", MAX_PACKAGE_DESCRIPTION),
  price: ZMoney,
};

export const ZCreatePackageSchema = z.object(packageFields);
export type TCreatePackage = z.infer<typeof ZCreatePackageSchema>;

const ZPackageId = zId("This package does not exist any more. Reload the page.");

export const ZUpdatePackageSchema = z.object({
  ...packageFields,
  packageId: ZPackageId,
  version: ZVersion,
  active: ZCheckbox,
});
export type TUpdatePackage = z.infer<typeof ZUpdatePackageSchema>;

export const ZDeletePackageSchema = z.object({ packageId: ZPackageId, version: ZVersion });
export type TDeletePackage = z.infer<typeof ZDeletePackageSchema>;

// Booking from the detail page ------------------------------------------------------------

/** The "Book for a wedding" form's choice: a wedding id in plain digits. */
export const ZBookForWeddingSchema = z.object({
  wedding: z
    .string({ error: "Choose a wedding." })
    .regex(/^\d{1,10}$/, "Choose a wedding.")
    .transform(Number)
    .pipe(z.number().int().min(1, "Choose a wedding.").max(MAX_INT, "Choose a wedding.")),
});
