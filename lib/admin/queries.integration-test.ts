import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as Queries from "./queries";
import { DEFAULT_USER_FILTERS, parseUserSearchParams, type TUserFilters } from "./schema";

// The admin users list: every account for an admin, filtered, sorted and
// paged in the database; a non-admin sees at most their own account.

let db: TestDatabase;
let q: typeof Queries;
let disconnectApp: () => Promise<void>;
let admin: Identity;
let planner: Identity;

const filters = (changes: Partial<TUserFilters> = {}): TUserFilters => ({ ...DEFAULT_USER_FILTERS, ...changes });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  q = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();

  const ada = await db.prisma.user.create({ data: { email: "ada@example.test", name: "Ada Admin", role: "admin" } });
  const pia = await db.prisma.planner.create({
    data: {
      companyName: "Pia Weddings",
      user: { create: { email: "pia@example.test", name: "Pia Planner", role: "planner", lastSignInAt: new Date() } },
    },
  });
  const vic = await db.prisma.user.create({
    data: {
      email: "vic@example.test",
      name: "Vic Vendor",
      role: "vendor",
      disabledAt: new Date(),
      mfaEnabledAt: new Date(),
    },
  });
  await db.prisma.vendor.createMany({
    data: [
      { name: "Peony & Vine", serviceCategory: "Florist", region: "Ohrid", userId: vic.id },
      { name: "Lumen", serviceCategory: "Lighting", region: "Ohrid" },
      { name: "Aria Strings", serviceCategory: "Music", region: "Split" },
    ],
  });
  for (let i = 0; i < 55; i++) {
    await db.prisma.user.create({
      data: { email: `p${String(i).padStart(2, "0")}@bulk.test`, name: `Bulk ${i}`, role: "planner" },
    });
  }
  admin = { kind: "user", userId: ada.id, role: "admin" };
  planner = { kind: "user", userId: pia.userId, role: "planner" };
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("listUsers", () => {
  it("lists every account by name, 50 to a page, with MFA, status and organisation", async () => {
    const first = await q.listUsers(admin, filters());
    expect(first).toMatchObject({ total: 58, page: 1, pageCount: 2, pageSize: 50 });
    expect(first.rows[0]).toMatchObject({ name: "Ada Admin", role: "admin", mfaEnabled: false, disabled: false });
    const second = await q.listUsers(admin, filters({ page: 2 }));
    expect(second.rows.map((r) => r.name).slice(-2)).toEqual(["Pia Planner", "Vic Vendor"]);
    expect(second.rows.find((r) => r.name === "Vic Vendor")).toMatchObject({
      mfaEnabled: true,
      disabled: true,
      organisation: "Peony & Vine",
      lastSignInAt: null,
    });
    expect(second.rows.find((r) => r.name === "Pia Planner")).toMatchObject({ organisation: "Pia Weddings" });
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(58);
  });

  it("filters by text, role and status", async () => {
    expect((await q.listUsers(admin, filters({ q: "PIA@" }))).rows.map((r) => r.email)).toEqual(["pia@example.test"]);
    expect((await q.listUsers(admin, filters({ role: "vendor" }))).total).toBe(1);
    expect((await q.listUsers(admin, filters({ status: "disabled" }))).rows.map((r) => r.name)).toEqual(["Vic Vendor"]);
    expect((await q.listUsers(admin, filters({ status: "active" }))).total).toBe(57);
    expect((await q.listUsers(admin, filters({ q: "%" }))).total).toBe(0);
    expect((await q.listUsers(admin, filters({ q: "_" }))).total).toBe(0);
  });

  it("sorts by last sign-in with never-signed-in accounts last when newest first", async () => {
    const page = await q.listUsers(admin, filters({ sort: "last_sign_in", dir: "desc" }));
    expect(page.rows[0]!.email).toBe("pia@example.test");
    expect(page.rows[1]!.lastSignInAt).toBeNull();
  });

  it("sorts by email in both directions", async () => {
    const asc = await q.listUsers(admin, filters({ sort: "email", dir: "asc", role: "planner" }));
    const desc = await q.listUsers(admin, filters({ sort: "email", dir: "desc", role: "planner" }));
    expect(asc.rows[0]!.email).toBe("p00@bulk.test");
    expect(desc.rows[0]!.email).toBe("pia@example.test");
  });

  it("shows a planner only their own account, and a bad address the default list", async () => {
    const own = await q.listUsers(planner, filters());
    expect(own.rows.map((r) => r.email)).toEqual(["pia@example.test"]);
    const { filters: parsed } = parseUserSearchParams({ sort: "password_hash; --", role: "root" });
    expect((await q.listUsers(admin, parsed)).total).toBe(58);
  });
});

describe("listUnlinkedVendors", () => {
  it("offers only vendors without an account, by name", async () => {
    expect((await q.listUnlinkedVendors(admin)).map((v) => v.name)).toEqual(["Aria Strings", "Lumen"]);
    expect(await q.listUnlinkedVendors({ kind: "guest", guestToken: "nope" })).toEqual([]);
  });
});
