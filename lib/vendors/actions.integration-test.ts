import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { fakeCacheState, fakeNextCache } from "@/lib/test/fake-next-cache";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import { NO_VENDOR_PROFILE, PROFILE_CONFLICT } from "./own-profile";
import { PACKAGE_CONFLICT, PACKAGE_GONE, TOO_MANY_PACKAGES } from "./packages";
import { MAX_PACKAGES_PER_VENDOR } from "./schema";

// The vendor portal's server actions, called as the browser calls them
// (FormData in, plain result out) against a real database as the app role.
// Only who is signed in is stubbed, and next/cache, to see what is revalidated.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

let db: TestDatabase;
let actions: typeof Actions;
let vendorA: { userId: number; vendorId: number };
let vendorB: { userId: number; vendorId: number };
let lonelyVendorUserId: number;
let plannerUserId: number;

const asVendor = (v: { userId: number }): Identity => ({ kind: "user", userId: v.userId, role: "vendor" });
const VERSION_SQL = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function form(fields: Record<string, string | number | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value instanceof Blob ? value : String(value));
  return data;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

/** Everything a portal action could change: vendors, packages and the audit trail. */
async function snapshot() {
  return one<{ vendor: string; vendor_package: string | null; audit: string }>(
    `SELECT (SELECT md5(string_agg(v::text, '|' ORDER BY vendor_id)) FROM vendor v) AS vendor,
            (SELECT md5(string_agg(p::text, '|' ORDER BY package_id)) FROM vendor_package p) AS vendor_package,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
}

async function vendorVersion(vendorId: number): Promise<string> {
  return (await one<{ v: string }>(`SELECT ${VERSION_SQL} AS v FROM vendor WHERE vendor_id = $1`, [vendorId])).v;
}

async function firstPackage(vendorId: number) {
  return one<{ package_id: number; name: string; price: string; active: boolean; v: string }>(
    `SELECT package_id, name, price::text, active, ${VERSION_SQL} AS v FROM vendor_package
     WHERE vendor_id = $1 ORDER BY package_id LIMIT 1`,
    [vendorId],
  );
}

function profileForm(version: string, changes: Record<string, string | number | Blob> = {}) {
  return form({
    version,
    name: "Peony & Vine Florals",
    description: "Garden flowers for lake weddings.",
    region: "Ohrid",
    priceBand: "3",
    serviceCategory: "Florist",
    ...changes,
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  const a = await one<{ user_id: number; vendor_id: number }>(
    `SELECT u.user_id, v.vendor_id FROM users u JOIN vendor v USING (user_id) WHERE u.role = 'vendor'`,
  );
  vendorA = { userId: a.user_id, vendorId: a.vendor_id };
  const b = await one<{ user_id: number }>(
    `INSERT INTO users (email, name, role) VALUES ('poppy@vendors.test', 'Wild Poppy', 'vendor') RETURNING user_id`,
  );
  const bVendor = await one<{ vendor_id: number }>(
    `UPDATE vendor SET user_id = $1 WHERE name = 'Wild Poppy Flower Studio' RETURNING vendor_id`,
    [b.user_id],
  );
  vendorB = { userId: b.user_id, vendorId: bVendor.vendor_id };
  lonelyVendorUserId = (
    await one<{ user_id: number }>(
      `INSERT INTO users (email, name, role) VALUES ('lonely@vendors.test', 'No Business', 'vendor') RETURNING user_id`,
    )
  ).user_id;
  plannerUserId = (await one<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id LIMIT 1`)).user_id;
});

beforeEach(() => {
  session.identity = asVendor(vendorA);
  fakeNextCache.revalidateTag.mockClear();
  fakeNextCache.revalidatePath.mockClear();
  fakeCacheState.clear();
});

afterAll(async () => {
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await db?.drop();
});

function expectCatalogRevalidated(vendorId: number) {
  const tags = fakeNextCache.revalidateTag.mock.calls;
  expect(tags).toEqual(
    expect.arrayContaining([
      ["vendor-listings", { expire: 0 }],
      [`vendor:${vendorId}`, { expire: 0 }],
      [`vendor-packages:${vendorId}`, { expire: 0 }],
    ]),
  );
  expect(tags).toHaveLength(3);
  expect(fakeNextCache.revalidatePath).toHaveBeenCalledWith("/vendor/profile");
}

function expectNothingRevalidated() {
  expect(fakeNextCache.revalidateTag).not.toHaveBeenCalled();
  expect(fakeNextCache.revalidatePath).not.toHaveBeenCalled();
}

describe("updateVendorProfileAction", () => {
  it("saves the vendor's own profile, as the vendor, and revalidates the catalogue", async () => {
    const version = await vendorVersion(vendorA.vendorId);
    const result = await actions.updateVendorProfileAction(
      null,
      profileForm(version, { name: "  Peony & Vine Florals Ohrid ", region: "Struga", priceBand: "4" }),
    );
    expect(result).toEqual({ ok: true, message: "Saved your profile." });
    const row = await one(`SELECT name, region, price_band, description FROM vendor WHERE vendor_id = $1`, [
      vendorA.vendorId,
    ]);
    expect(row).toEqual({
      name: "Peony & Vine Florals Ohrid",
      region: "Struga",
      price_band: 4,
      description: "Garden flowers for lake weddings.",
    });
    const audit = await one<{ changed_by: string }>(
      `SELECT changed_by FROM audit_log WHERE table_name = 'vendor' AND record_id = $1 ORDER BY log_id DESC LIMIT 1`,
      [vendorA.vendorId],
    );
    expect(audit.changed_by).toBe(`user:${vendorA.userId}`);
    expectCatalogRevalidated(vendorA.vendorId);
    expect(await vendorVersion(vendorA.vendorId)).not.toBe(version);
  });

  it("clears the description when it is left empty", async () => {
    const version = await vendorVersion(vendorA.vendorId);
    expect((await actions.updateVendorProfileAction(null, profileForm(version, { description: "  " }))).ok).toBe(true);
    expect(
      (await one<{ d: string | null }>(`SELECT description AS d FROM vendor WHERE vendor_id = $1`, [vendorA.vendorId]))
        .d,
    ).toBeNull();
  });

  it.each([
    ["an empty name", { name: "  " }, "name", "Enter a name."],
    ["a name over 200 characters", { name: "n".repeat(201) }, "name", "at most 200"],
    ["a name with a line break", { name: "Peony\nVine" }, "name", "control characters"],
    ["a description over 10000 characters", { description: "d".repeat(10_001) }, "description", "at most 10000"],
    ["an empty region", { region: "" }, "region", "Enter a region."],
    ["a price band of 5", { priceBand: "5" }, "priceBand", "from € to €€€€"],
    ["a price band in words", { priceBand: "cheap" }, "priceBand", "from € to €€€€"],
    ["an unknown category", { serviceCategory: "Wizardry" }, "serviceCategory", "from the list"],
    ["a file instead of a name", { name: new Blob(["x"]) }, "name", "Enter a name."],
    ["a version that is not one", { version: "yesterday" }, "version", "Reload the page"],
  ])("refuses %s next to the field and changes nothing", async (_name, change, field, message) => {
    const before = await snapshot();
    const version = await vendorVersion(vendorA.vendorId);
    const result = await actions.updateVendorProfileAction(null, profileForm(version, change));
    expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
    expect(result.ok ? "" : (result.fieldErrors?.[field]?.join(" ") ?? "")).toContain(message);
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });

  it("refuses a stale version, even one that differs only in the microseconds, and changes nothing", async () => {
    const version = await vendorVersion(vendorA.vendorId);
    const before = await snapshot();
    const stale = version.replace(
      /\d{3}Z$/,
      (us) => `${String((Number(us.slice(0, 3)) + 1) % 1000).padStart(3, "0")}Z`,
    );
    expect(stale).not.toBe(version);
    expect(await actions.updateVendorProfileAction(null, profileForm(stale, { region: "Nowhere" }))).toEqual({
      ok: false,
      error: PROFILE_CONFLICT,
    });
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });

  it("lets only one of two saves from the same version through", async () => {
    const version = await vendorVersion(vendorA.vendorId);
    const results = await Promise.all([
      actions.updateVendorProfileAction(null, profileForm(version, { region: "Bitola" })),
      actions.updateVendorProfileAction(null, profileForm(version, { region: "Skopje" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === PROFILE_CONFLICT)).toHaveLength(1);
  });

  it("edits only the caller's own vendor: another vendor's id in the form is ignored", async () => {
    const otherBefore = await one(`SELECT v::text AS row FROM vendor v WHERE vendor_id = $1`, [vendorB.vendorId]);
    const version = await vendorVersion(vendorA.vendorId);
    const result = await actions.updateVendorProfileAction(
      null,
      profileForm(version, { vendorId: vendorB.vendorId, vendor_id: vendorB.vendorId, region: "Kruševo" }),
    );
    expect(result.ok).toBe(true);
    expect(await one(`SELECT v::text AS row FROM vendor v WHERE vendor_id = $1`, [vendorB.vendorId])).toEqual(
      otherBefore,
    );
    expect(
      (await one<{ region: string }>(`SELECT region FROM vendor WHERE vendor_id = $1`, [vendorA.vendorId])).region,
    ).toBe("Kruševo");
    // And with the other vendor's own version, it is still the caller's row that is checked: a conflict.
    const before = await snapshot();
    expect(
      await actions.updateVendorProfileAction(null, profileForm(await vendorVersion(vendorB.vendorId))),
    ).toMatchObject({ ok: false, error: PROFILE_CONFLICT });
    expect(await snapshot()).toEqual(before);
  });

  it("answers a vendor account without a business, a planner and nobody with a message, and changes nothing", async () => {
    const before = await snapshot();
    const version = await vendorVersion(vendorA.vendorId);
    session.identity = { kind: "user", userId: lonelyVendorUserId, role: "vendor" };
    expect(await actions.updateVendorProfileAction(null, profileForm(version))).toEqual({
      ok: false,
      error: NO_VENDOR_PROFILE,
    });
    session.identity = { kind: "user", userId: plannerUserId, role: "planner" };
    expect(await actions.updateVendorProfileAction(null, profileForm(version))).toEqual({
      ok: false,
      error: "Not found.",
    });
    session.identity = null;
    expect(await actions.createPackageAction(null, form({ name: "x", price: "1" }))).toEqual({
      ok: false,
      error: "Not found.",
    });
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });
});

describe("createPackageAction", () => {
  it("adds a package with the exact price, makes it searchable and revalidates the catalogue", async () => {
    const result = await actions.createPackageAction(
      null,
      form({ name: " Tulip table runners ", description: "Runners of spring tulips", price: "0125.5" }),
    );
    expect(result).toEqual({ ok: true, message: "Added the package “Tulip table runners”." });
    const row = await one(
      `SELECT vendor_id, price::text, active, description FROM vendor_package WHERE name = 'Tulip table runners'`,
    );
    expect(row).toEqual({
      vendor_id: vendorA.vendorId,
      price: "125.50",
      active: true,
      description: "Runners of spring tulips",
    });
    const found = await rows(
      `SELECT 1 FROM vendor WHERE vendor_id = $1 AND description_tsv @@ websearch_to_tsquery('english', 'tulips')`,
      [vendorA.vendorId],
    );
    expect(found).toHaveLength(1);
    expectCatalogRevalidated(vendorA.vendorId);
  });

  it.each([
    ["an empty name", { name: "" }, "name", "Enter a package name."],
    ["a name over 200 characters", { name: "p".repeat(201) }, "name", "at most 200"],
    ["a description over 2000 characters", { description: "d".repeat(2001) }, "description", "at most 2000"],
    ["a description with a NUL", { description: "a\u0000b" }, "description", "control characters"],
    ["an empty price", { price: "" }, "price", "Enter an amount."],
    ["a negative price", { price: "-10" }, "price", "cannot be negative"],
    ["3 decimals", { price: "10.005" }, "price", "at most 2 decimal places"],
    ["11 digits", { price: "12345678901" }, "price", "too large"],
    ["a price in words", { price: "ten" }, "price", "in digits"],
    ["a price in exponent form", { price: "1e3" }, "price", "in digits"],
  ])("refuses %s next to the field and changes nothing", async (_name, change, field, message) => {
    const before = await snapshot();
    const result = await actions.createPackageAction(null, form({ name: "Valid", price: "10", ...change }));
    expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
    expect(result.ok ? "" : (result.fieldErrors?.[field]?.join(" ") ?? "")).toContain(message);
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });

  it("always adds to the caller's own vendor, whatever vendor id the form carries", async () => {
    const result = await actions.createPackageAction(
      null,
      form({ name: "Smuggled package", price: "1", vendorId: vendorB.vendorId, vendor_id: vendorB.vendorId }),
    );
    expect(result.ok).toBe(true);
    expect(await one(`SELECT vendor_id FROM vendor_package WHERE name = 'Smuggled package'`)).toEqual({
      vendor_id: vendorA.vendorId,
    });
  });

  it(`stops at ${MAX_PACKAGES_PER_VENDOR} packages`, async () => {
    session.identity = asVendor(vendorB);
    const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM vendor_package WHERE vendor_id = $1`, [
      vendorB.vendorId,
    ]);
    await db.pool.query(
      `INSERT INTO vendor_package (vendor_id, name, price) SELECT $1, 'Filler ' || i, 1 FROM generate_series(1, $2) i`,
      [vendorB.vendorId, MAX_PACKAGES_PER_VENDOR - n],
    );
    const before = await snapshot();
    expect(await actions.createPackageAction(null, form({ name: "One too many", price: "1" }))).toEqual({
      ok: false,
      error: TOO_MANY_PACKAGES,
    });
    expect(await snapshot()).toEqual(before);
    await db.pool.query(`DELETE FROM vendor_package WHERE vendor_id = $1 AND name LIKE 'Filler %'`, [vendorB.vendorId]);
  });
});

describe("updatePackageAction and deletePackageAction", () => {
  it("changes a package, withdraws it from planners and brings it back", async () => {
    const pkg = await firstPackage(vendorA.vendorId);
    const result = await actions.updatePackageAction(
      null,
      form({ packageId: pkg.package_id, version: pkg.v, name: "Bridal bouquet deluxe", price: "310", description: "" }),
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("hidden from planners") });
    expect(
      await one(`SELECT name, price::text, active, description FROM vendor_package WHERE package_id = $1`, [
        pkg.package_id,
      ]),
    ).toEqual({ name: "Bridal bouquet deluxe", price: "310.00", active: false, description: null });
    expectCatalogRevalidated(vendorA.vendorId);
    const withdrawn = await firstPackage(vendorA.vendorId);
    expect(
      await actions.updatePackageAction(
        null,
        form({
          packageId: pkg.package_id,
          version: withdrawn.v,
          name: "Bridal bouquet deluxe",
          price: "310",
          active: "1",
        }),
      ),
    ).toEqual({ ok: true, message: "Saved the package “Bridal bouquet deluxe”." });
    expect((await firstPackage(vendorA.vendorId)).active).toBe(true);
  });

  it("never touches another vendor's package: 'not found' and nothing changes", async () => {
    const theirs = await firstPackage(vendorB.vendorId);
    const before = await snapshot();
    expect(
      await actions.updatePackageAction(
        null,
        form({ packageId: theirs.package_id, version: theirs.v, name: "Mine now", price: "1", active: "1" }),
      ),
    ).toEqual({ ok: false, error: PACKAGE_GONE });
    expect(await actions.deletePackageAction(null, form({ packageId: theirs.package_id, version: theirs.v }))).toEqual({
      ok: false,
      error: PACKAGE_GONE,
    });
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });

  it("refuses unknown and malformed package ids, and a stale version", async () => {
    const pkg = await firstPackage(vendorA.vendorId);
    const before = await snapshot();
    const update = (fields: Record<string, string | number>) =>
      actions.updatePackageAction(null, form({ name: "X", price: "1", active: "1", ...fields }));
    expect(await update({ packageId: 999_999, version: pkg.v })).toEqual({ ok: false, error: PACKAGE_GONE });
    expect(await update({ packageId: "abc", version: pkg.v })).toMatchObject({
      ok: false,
      fieldErrors: { packageId: [expect.stringContaining("does not exist")] },
    });
    expect(await update({ packageId: -1, version: pkg.v })).toMatchObject({ ok: false });
    expect(await update({ packageId: pkg.package_id, version: pkg.v, active: "yes" })).toMatchObject({
      ok: false,
      fieldErrors: { active: [expect.any(String)] },
    });
    expect(await update({ packageId: pkg.package_id, version: "2020-01-01T00:00:00.000000Z" })).toEqual({
      ok: false,
      error: PACKAGE_CONFLICT,
    });
    expect(
      await actions.deletePackageAction(
        null,
        form({ packageId: pkg.package_id, version: "2020-01-01T00:00:00.000000Z" }),
      ),
    ).toEqual({ ok: false, error: PACKAGE_CONFLICT });
    expect(await snapshot()).toEqual(before);
    expectNothingRevalidated();
  });

  it("lets only one of two edits from the same version through", async () => {
    const pkg = await firstPackage(vendorA.vendorId);
    const results = await Promise.all(
      ["111", "222"].map((price) =>
        actions.updatePackageAction(
          null,
          form({ packageId: pkg.package_id, version: pkg.v, name: pkg.name, price, active: "1" }),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === PACKAGE_CONFLICT)).toHaveLength(1);
  });

  it("keeps the profile's version when packages change, so an open profile form still saves", async () => {
    const version = await vendorVersion(vendorA.vendorId);
    expect((await actions.createPackageAction(null, form({ name: "Petal confetti", price: "45" }))).ok).toBe(true);
    expect(await vendorVersion(vendorA.vendorId)).toBe(version);
    expect((await actions.updateVendorProfileAction(null, profileForm(version))).ok).toBe(true);
  });

  it("deletes the caller's own package and takes it out of the search", async () => {
    const created = await actions.createPackageAction(null, form({ name: "Gardenia garland", price: "80" }));
    expect(created.ok).toBe(true);
    const pkg = await one<{ package_id: number; v: string }>(
      `SELECT package_id, ${VERSION_SQL} AS v FROM vendor_package WHERE name = 'Gardenia garland'`,
    );
    fakeNextCache.revalidateTag.mockClear();
    fakeNextCache.revalidatePath.mockClear();
    expect(await actions.deletePackageAction(null, form({ packageId: pkg.package_id, version: pkg.v }))).toEqual({
      ok: true,
      message: "Deleted the package “Gardenia garland”.",
    });
    expect(await rows(`SELECT 1 FROM vendor_package WHERE package_id = $1`, [pkg.package_id])).toEqual([]);
    expect(
      await rows(`SELECT 1 FROM vendor WHERE vendor_id = $1 AND description_tsv @@ to_tsquery('english', 'gardenia')`, [
        vendorA.vendorId,
      ]),
    ).toEqual([]);
    expectCatalogRevalidated(vendorA.vendorId);
  });
});
