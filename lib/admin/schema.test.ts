import { describe, expect, it } from "vitest";
import {
  DEFAULT_USER_FILTERS,
  parseUserSearchParams,
  usersListHref,
  ZCreateUserSchema,
  ZSetDisabledSchema,
} from "./schema";

describe("ZCreateUserSchema", () => {
  it("trims and lower-cases the email, and treats empty optional fields as absent", () => {
    const parsed = ZCreateUserSchema.parse({
      email: " Ana@Example.COM ",
      name: " Ana ",
      role: "vendor",
      password: "twelve chars",
      companyName: "",
      vendorId: "",
    });
    expect(parsed).toEqual({ email: "ana@example.com", name: "Ana", role: "vendor", password: "twelve chars" });
  });

  it("takes a vendor id only for vendor accounts and a company only for planners", () => {
    const base = { email: "a@b.co", name: "A", password: "twelve chars" };
    expect(ZCreateUserSchema.safeParse({ ...base, role: "vendor", vendorId: "4" }).data?.vendorId).toBe(4);
    expect(ZCreateUserSchema.safeParse({ ...base, role: "planner", companyName: "Co" }).success).toBe(true);
    expect(ZCreateUserSchema.safeParse({ ...base, role: "admin", vendorId: "4" }).success).toBe(false);
    expect(ZCreateUserSchema.safeParse({ ...base, role: "vendor", companyName: "Co" }).success).toBe(false);
  });

  it("never accepts the guest role for an account", () => {
    const result = ZCreateUserSchema.safeParse({ email: "a@b.co", name: "A", password: "twelve chars", role: "guest" });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Choose admin, planner or vendor."]);
  });
});

describe("ZSetDisabledSchema", () => {
  it("reads the form's true/false", () => {
    expect(ZSetDisabledSchema.parse({ userId: "3", disabled: "true" })).toEqual({ userId: 3, disabled: true });
    expect(ZSetDisabledSchema.parse({ userId: "3", disabled: "false" })).toEqual({ userId: 3, disabled: false });
    expect(ZSetDisabledSchema.safeParse({ userId: "3", disabled: "yes" }).success).toBe(false);
  });
});

describe("parseUserSearchParams", () => {
  it("falls back to defaults with a note for each bad value", () => {
    const { filters, notes } = parseUserSearchParams({ role: "guest", sort: "password_hash", q: "ana", page: "0" });
    expect(filters).toEqual({ ...DEFAULT_USER_FILTERS, q: "ana" });
    expect(notes).toHaveLength(3);
  });

  it("links to the same list with changes", () => {
    const { filters } = parseUserSearchParams({ q: "ana", status: "disabled" });
    expect(usersListHref(filters, { sort: "email", dir: "desc" })).toBe(
      "/admin/users?q=ana&status=disabled&sort=email&dir=desc",
    );
    expect(usersListHref(DEFAULT_USER_FILTERS)).toBe("/admin/users");
  });
});
