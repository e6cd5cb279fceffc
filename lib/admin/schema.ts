import { z } from "zod";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// Admin user management: the forms' input and the users list's URL.

export const ACCOUNT_ROLES = ["admin", "planner", "vendor"] as const;
export type TAccountRole = (typeof ACCOUNT_ROLES)[number];

const MAX_INT = 2_147_483_647;

/** An empty form field is "not given", not an empty string. */
const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const ZUserId = z.coerce
  .number({ error: "Choose an account." })
  .int("Choose an account.")
  .min(1, "Choose an account.")
  .max(MAX_INT, "Choose an account.");

const ZRole = z.enum(ACCOUNT_ROLES, { error: "Choose admin, planner or vendor." });

export const ZCreateUserSchema = z
  .object({
    email: z
      .string({ error: "Enter an email address." })
      .trim()
      .toLowerCase()
      .min(1, "Enter an email address.")
      .max(254, "An email address has at most 254 characters.")
      .pipe(z.email("Enter a valid email address, like name@example.com.")),
    name: z
      .string({ error: "Enter a name." })
      .trim()
      .min(1, "Enter a name.")
      .max(200, "A name has at most 200 characters."),
    role: ZRole,
    password: z
      .string({ error: "Enter an initial password." })
      .min(12, "The password needs at least 12 characters.")
      .max(256, "The password has at most 256 characters."),
    companyName: z.preprocess(
      emptyAsUndefined,
      z.string().trim().max(200, "A company name has at most 200 characters.").optional(),
    ),
    vendorId: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number({ error: "Choose a vendor from the list." })
        .int("Choose a vendor from the list.")
        .min(1, "Choose a vendor from the list.")
        .max(MAX_INT, "Choose a vendor from the list.")
        .optional(),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.vendorId !== undefined && input.role !== "vendor") {
      ctx.addIssue({ code: "custom", path: ["vendorId"], message: "Only a vendor account can be linked to a vendor." });
    }
    if (input.companyName && input.role !== "planner") {
      ctx.addIssue({ code: "custom", path: ["companyName"], message: "Only a planner account has a company name." });
    }
  });
export type TCreateUser = z.infer<typeof ZCreateUserSchema>;

export const ZSetDisabledSchema = z.object({
  userId: ZUserId,
  disabled: z
    .enum(["true", "false"], { error: "Say whether to disable or enable the account." })
    .transform((v) => v === "true"),
});
export type TSetDisabled = z.infer<typeof ZSetDisabledSchema>;

export const ZResetMfaSchema = z.object({ userId: ZUserId });
export type TResetMfa = z.infer<typeof ZResetMfaSchema>;

export const ZChangeRoleSchema = z.object({ userId: ZUserId, role: ZRole });
export type TChangeRole = z.infer<typeof ZChangeRoleSchema>;

// The users list's address -------------------------------------------------------

export const USER_SORTS = ["name", "email", "role", "last_sign_in", "created"] as const;
export type TUserSort = (typeof USER_SORTS)[number];
export const USERS_PAGE_SIZE = 50;

const listFields = {
  q: { schema: z.string().trim().min(1).max(100).optional(), label: "the search", hint: "use at most 100 characters." },
  role: { schema: z.enum(ACCOUNT_ROLES).optional(), label: "the role filter", hint: "use admin, planner or vendor." },
  status: {
    schema: z.enum(["active", "disabled"]).optional(),
    label: "the status filter",
    hint: "use active or disabled.",
  },
  sort: {
    schema: z.enum(USER_SORTS).default("name"),
    label: "the sort column",
    hint: `sort by ${USER_SORTS.join(", ")}.`,
  },
  dir: { schema: z.enum(["asc", "desc"]).default("asc"), label: "the sort direction", hint: "use asc or desc." },
  page: {
    schema: zPositiveInt(10_000).default(1),
    label: "the page number",
    hint: "pages run from 1 to 10000.",
  },
};

export type TUserFilters = SearchParamValues<typeof listFields>;
export const DEFAULT_USER_FILTERS: TUserFilters = { sort: "name", dir: "asc", page: 1 };

export function parseUserSearchParams(raw: RawSearchParams): { filters: TUserFilters; notes: string[] } {
  const { values, notes } = parseSearchParams(listFields, raw);
  return { filters: values, notes };
}

export function usersListHref(filters: TUserFilters, changes: Partial<TUserFilters> = {}): string {
  const next = { ...filters, ...changes };
  return `/admin/users${toQueryString(
    { q: next.q, role: next.role, status: next.status, sort: next.sort, dir: next.dir, page: next.page },
    DEFAULT_USER_FILTERS,
  )}`;
}
