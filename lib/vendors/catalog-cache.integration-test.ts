import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { fakeCacheState, fakeNextCache } from "@/lib/test/fake-next-cache";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type { UserIdentity } from "@/lib/auth/guards";
import type * as Actions from "./actions";
import type * as CacheTags from "./cache-tags";
import type * as Queries from "./queries";
import { DEFAULT_VENDOR_FILTERS, type TVendorFilters } from "./schema";

// The vendor catalogue in Next.js's data cache (a stand-in that behaves like
// it: entries with tags, dropped by revalidateTag). Listings and package
// catalogues are served from the cache, one copy for every planner; every
// vendor and package write revalidates exactly the tags that make the next
// reader see it.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

let db: TestDatabase;
let actions: typeof Actions;
let queries: typeof Queries;
let revalidateVendorCatalog: typeof CacheTags.revalidateVendorCatalog;
let plannerA: UserIdentity;
let plannerB: UserIdentity;
let vendor: { userId: number; vendorId: number };

const VERSION_SQL = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

const browse = (who: UserIdentity, filters: Partial<TVendorFilters> = {}) =>
  queries.searchVendors(who, { ...DEFAULT_VENDOR_FILTERS, category: "Florist", region: "Ohrid", ...filters });

async function hitOf(who: UserIdentity) {
  return (await browse(who)).hits.find((h) => h.id === vendor.vendorId);
}

async function version(table: "vendor" | "vendor_package", idColumn: string, id: number): Promise<string> {
  const { rows } = await db.pool.query<{ v: string }>(
    `SELECT ${VERSION_SQL} AS v FROM ${table} WHERE ${idColumn} = $1`,
    [id],
  );
  return rows[0]!.v;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  queries = await import("./queries");
  ({ revalidateVendorCatalog } = await import("./cache-tags"));
  const planners = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id`)).rows;
  plannerA = { kind: "user", userId: planners[0]!.user_id, role: "planner" };
  plannerB = { kind: "user", userId: planners[1]!.user_id, role: "planner" };
  const { rows } = await db.pool.query<{ user_id: number; vendor_id: number }>(
    `SELECT user_id, vendor_id FROM vendor WHERE user_id IS NOT NULL`,
  );
  vendor = { userId: rows[0]!.user_id, vendorId: rows[0]!.vendor_id };
});

beforeEach(() => {
  session.identity = { kind: "user", userId: vendor.userId, role: "vendor" };
  fakeCacheState.clear();
  fakeNextCache.revalidateTag.mockClear();
});

afterAll(async () => {
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await db?.drop();
});

describe("the cached catalogue", () => {
  it("serves listings, profiles and packages from one shared copy until a tag is revalidated", async () => {
    const before = await hitOf(plannerA);
    const detailBefore = await queries.getVendorDetail(plannerA, vendor.vendorId);
    expect(before?.name).toBe("Peony & Vine Florals");
    // A change behind the app's back (psql): the cache does not know, so both planners still see the old copy.
    await db.pool.query(`UPDATE vendor SET name = 'Renamed Behind The Back' WHERE vendor_id = $1`, [vendor.vendorId]);
    expect((await hitOf(plannerB))?.name).toBe("Peony & Vine Florals");
    expect((await queries.getVendorDetail(plannerB, vendor.vendorId))?.vendor.name).toBe(detailBefore?.vendor.name);
    revalidateVendorCatalog(vendor.vendorId);
    expect((await hitOf(plannerB))?.name).toBe("Renamed Behind The Back");
    expect((await queries.getVendorDetail(plannerA, vendor.vendorId))?.vendor.name).toBe("Renamed Behind The Back");
    await db.pool.query(`UPDATE vendor SET name = 'Peony & Vine Florals' WHERE vendor_id = $1`, [vendor.vendorId]);
    revalidateVendorCatalog(vendor.vendorId);
  });

  it("keeps free-text searches out of the cache: they are always fresh", async () => {
    const size = fakeCacheState.size();
    const first = await queries.searchVendors(plannerA, { ...DEFAULT_VENDOR_FILTERS, q: "quokka" });
    expect(first.total).toBe(0);
    await db.pool.query(
      `UPDATE vendor SET description = description || ' Quokka-themed bouquets.' WHERE vendor_id = $1`,
      [vendor.vendorId],
    );
    const second = await queries.searchVendors(plannerA, { ...DEFAULT_VENDOR_FILTERS, q: "quokka" });
    expect(second.hits.map((h) => h.id)).toEqual([vendor.vendorId]);
    expect(fakeCacheState.size()).toBe(size);
  });

  it("shows a profile edit in the listings and on the vendor's page at once", async () => {
    await hitOf(plannerA);
    await queries.getVendorDetail(plannerA, vendor.vendorId);
    const result = await actions.updateVendorProfileAction(
      null,
      form({
        version: await version("vendor", "vendor_id", vendor.vendorId),
        name: "Peony & Vine Florals",
        description: "Now with lake-side workshops.",
        region: "Ohrid",
        priceBand: "1",
        serviceCategory: "Florist",
      }),
    );
    expect(result.ok).toBe(true);
    expect((await hitOf(plannerB))?.priceBand).toBe(1);
    expect((await queries.getVendorDetail(plannerB, vendor.vendorId))?.vendor.description).toBe(
      "Now with lake-side workshops.",
    );
  });

  it("shows a new, changed, withdrawn or deleted package in the package catalogue and the listing's price at once", async () => {
    const catalogue = async () => (await queries.getVendorDetail(plannerA, vendor.vendorId))!.packages;
    const before = await catalogue();
    const listedBefore = await hitOf(plannerA);
    expect(await actions.createPackageAction(null, form({ name: "Single stem", price: "9.50" }))).toMatchObject({
      ok: true,
    });
    expect((await catalogue()).map((p) => p.name)).toContain("Single stem");
    expect(await hitOf(plannerB)).toMatchObject({ fromPrice: "9.50", packageCount: listedBefore!.packageCount + 1 });

    const { rows } = await db.pool.query<{ package_id: number }>(
      `SELECT package_id FROM vendor_package WHERE name = 'Single stem'`,
    );
    const packageId = rows[0]!.package_id;
    expect(
      await actions.updatePackageAction(
        null,
        form({
          packageId,
          version: await version("vendor_package", "package_id", packageId),
          name: "Single stem",
          price: "12",
        }),
      ),
    ).toMatchObject({ ok: true });
    expect((await catalogue()).map((p) => p.name)).not.toContain("Single stem");
    expect((await hitOf(plannerA))?.fromPrice).toBe(listedBefore!.fromPrice);

    expect(
      await actions.deletePackageAction(
        null,
        form({ packageId, version: await version("vendor_package", "package_id", packageId) }),
      ),
    ).toMatchObject({ ok: true });
    expect(await catalogue()).toEqual(before);
  });

  it("drops a suspended vendor from the listing and the detail page once the write revalidates", async () => {
    expect(await hitOf(plannerA)).toBeDefined();
    expect(await queries.getVendorDetail(plannerA, vendor.vendorId)).not.toBeNull();
    await db.pool.query(`UPDATE vendor SET status = 'Suspended' WHERE vendor_id = $1`, [vendor.vendorId]);
    revalidateVendorCatalog(vendor.vendorId);
    expect(await hitOf(plannerA)).toBeUndefined();
    expect(await queries.getVendorDetail(plannerA, vendor.vendorId)).toBeNull();
    await db.pool.query(`UPDATE vendor SET status = 'Active' WHERE vendor_id = $1`, [vendor.vendorId]);
    revalidateVendorCatalog(vendor.vendorId);
    expect(await hitOf(plannerA)).toBeDefined();
  });

  it("never caches a miss, so made-up vendor ids leave no entries", async () => {
    const size = fakeCacheState.size();
    for (const id of [999_991, 999_992, 999_993]) expect(await queries.getVendorDetail(plannerA, id)).toBeNull();
    expect(fakeCacheState.size()).toBe(size);
  });

  it("does not revalidate anything when a write is refused", async () => {
    const result = await actions.createPackageAction(null, form({ name: "", price: "-1" }));
    expect(result.ok).toBe(false);
    expect(fakeNextCache.revalidateTag).not.toHaveBeenCalled();
  });
});
