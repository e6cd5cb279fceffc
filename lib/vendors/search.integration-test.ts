import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { fakeCacheState } from "@/lib/test/fake-next-cache";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { UserIdentity } from "@/lib/auth/guards";
import { splitHighlight, START_SEL, STOP_SEL } from "./highlight";
import type * as Queries from "./queries";
import { DEFAULT_VENDOR_FILTERS, parseVendorSearchParams, VENDOR_PAGE_SIZE, type TVendorFilters } from "./schema";

// The vendor search against the seeded catalogue, as the app role: full-text
// ranking and snippets, typo tolerance, filters, pages, what planners and
// admins may list, and input nobody should be able to break it with.

vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

let db: TestDatabase;
let searchVendors: typeof Queries.searchVendors;
let getVendorDetail: typeof Queries.getVendorDetail;
let planner: UserIdentity;
let admin: UserIdentity;
let vendorIds: Map<string, number>;

const search = (filters: Partial<TVendorFilters>, who: UserIdentity = planner) =>
  searchVendors(who, { ...DEFAULT_VENDOR_FILTERS, ...filters });

/** The marked words of a headline. */
const marked = (headline: string) =>
  splitHighlight(headline)
    .filter((s) => s.match)
    .map((s) => s.text.toLowerCase());

async function owner<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  ({ searchVendors, getVendorDetail } = await import("./queries"));
  const [p] = await owner<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id LIMIT 1`);
  const [a] = await owner<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`);
  planner = { kind: "user", userId: p!.user_id, role: "planner" };
  admin = { kind: "user", userId: a!.user_id, role: "admin" };
  const vendors = await owner<{ vendor_id: number; name: string }>(`SELECT vendor_id, name FROM vendor`);
  vendorIds = new Map(vendors.map((v) => [v.name, v.vendor_id]));
});

beforeEach(() => fakeCacheState.clear());

afterAll(async () => {
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await db?.drop();
});

describe("full-text search", () => {
  it("finds every active vendor whose name, description or packages say 'floral', best match first", async () => {
    const result = await search({ q: "floral" });
    const expected = await owner<{ vendor_id: number }>(
      `SELECT vendor_id FROM vendor WHERE status = 'Active' AND description_tsv @@ websearch_to_tsquery('english', 'floral')`,
    );
    expect(result.total).toBe(expected.length);
    expect(result.total).toBeGreaterThanOrEqual(8);
    expect(result.total).toBeLessThanOrEqual(VENDOR_PAGE_SIZE);
    expect(new Set(result.hits.map((h) => h.id))).toEqual(new Set(expected.map((r) => r.vendor_id)));
    // ts_rank order, and the vendors named "… Florals" (weight A) ahead of those that only describe it.
    const ranks = result.hits.map((h) => h.ftsRank);
    expect(ranks).toEqual([...ranks].sort((x, y) => y - x));
    const firstDescriptionOnly = result.hits.findIndex((h) => !/floral/i.test(h.name));
    const lastNamed = result.hits.map((h) => /floral/i.test(h.name)).lastIndexOf(true);
    expect(lastNamed).toBeLessThan(firstDescriptionOnly);
    expect(result.hits.map((h) => h.name)).toContain("Peony & Vine Florals");
  });

  it("marks the matched words in the snippet and in the name", async () => {
    const { hits } = await search({ q: "floral" });
    const peony = hits.find((h) => h.name === "Peony & Vine Florals")!;
    expect(marked(peony.nameHeadline)).toEqual(["florals"]);
    expect(marked(peony.headline).length).toBeGreaterThan(0);
    for (const word of marked(peony.headline)) expect(word).toMatch(/^floral/);
    for (const hit of hits) expect(marked(hit.headline).length, hit.name).toBeGreaterThan(0);
  });

  it("ranks a name match (weight A) above a description-only match (weight B)", async () => {
    const { hits } = await search({ q: "photography" });
    const named = hits.filter((h) => /photography/i.test(h.name));
    const unnamed = hits.filter((h) => !/photography/i.test(h.name) && h.ftsRank > 0);
    expect(named.length).toBeGreaterThan(0);
    expect(unnamed.length).toBeGreaterThan(0);
    expect(Math.min(...named.map((h) => h.ftsRank))).toBeGreaterThan(Math.max(...unnamed.map((h) => h.ftsRank)));
  });

  it("searches the packages: a word only a package has finds its vendor until the package is withdrawn", async () => {
    const vendorId = vendorIds.get("Stone Bridge Studio")!;
    const [pkg] = await owner<{ package_id: number }>(
      `INSERT INTO vendor_package (vendor_id, name, description, price)
       VALUES ($1, 'Zeppelin portraits', 'Aerial portraits from a zeppelin', 5000) RETURNING package_id`,
      [vendorId],
    );
    let result = await search({ q: "zeppelin" });
    expect(result.hits.map((h) => h.id)).toEqual([vendorId]);
    expect(marked(result.hits[0]!.headline)).toContain("zeppelin");
    await db.pool.query(`UPDATE vendor_package SET active = false WHERE package_id = $1`, [pkg!.package_id]);
    result = await search({ q: "zeppelin" });
    expect(result.total).toBe(0);
    await db.pool.query(`DELETE FROM vendor_package WHERE package_id = $1`, [pkg!.package_id]);
  });

  it("supports the web search syntax: phrases, or, and leaving a word out", async () => {
    const fullText = async (q: string) =>
      new Set((await search({ q })).hits.filter((h) => h.ftsRank > 0).map((h) => h.id));
    expect(await fullText("zither or photography")).toEqual(await fullText("photography"));
    const floral = await fullText("floral");
    const phrase = await fullText('"floral arch"');
    const without = await fullText("floral -arch");
    expect(phrase.size).toBeGreaterThan(0);
    expect(without.size).toBeGreaterThan(0);
    for (const id of [...phrase, ...without]) expect(floral.has(id)).toBe(true);
    for (const id of phrase) expect(without.has(id)).toBe(false);
  });

  it("passes the report's validation: every description that contains 'floral' has the lexeme", async () => {
    const rows = await owner<{ vendor_id: number; has: boolean }>(
      `SELECT vendor_id, description_tsv @@ to_tsquery('english', 'floral') AS has
       FROM vendor WHERE description ~* '\\mfloral'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.has)).toEqual([]);
  });
});

describe("typo tolerance (pg_trgm)", () => {
  it("'florst' finds the florists", async () => {
    const florists = await owner<{ vendor_id: number }>(
      `SELECT vendor_id FROM vendor WHERE status = 'Active' AND service_category = 'Florist'`,
    );
    const result = await search({ q: "florst" });
    expect(result.total).toBe(florists.length);
    expect(new Set(result.hits.map((h) => h.id))).toEqual(new Set(florists.map((f) => f.vendor_id)));
    expect(result.hits.every((h) => h.ftsRank === 0 && h.similarity >= 0.5)).toBe(true);
  });

  it("finds a vendor by a misspelt name, and puts full-text hits before typo-only hits", async () => {
    const misspelt = await search({ q: "Peony Vyne" });
    expect(misspelt.hits[0]?.name).toBe("Peony & Vine Florals");
    const mixed = await search({ q: "floral" });
    const firstTypoOnly = mixed.hits.findIndex((h) => h.ftsRank === 0);
    if (firstTypoOnly >= 0) expect(mixed.hits.slice(firstTypoOnly).every((h) => h.ftsRank === 0)).toBe(true);
  });
});

describe("filters", () => {
  it("narrows by category, region and price band, alone and together", async () => {
    const expectCount = async (filters: Partial<TVendorFilters>, where: string, params: unknown[]) => {
      const [row] = await owner<{ n: number }>(
        `SELECT count(*)::int AS n FROM vendor WHERE status = 'Active' AND ${where}`,
        params,
      );
      const result = await search(filters);
      expect(result.total, JSON.stringify(filters)).toBe(row!.n);
      return result;
    };
    const florists = await expectCount({ category: "Florist" }, "service_category = 'Florist'", []);
    expect(florists.hits.every((h) => h.serviceCategory === "Florist")).toBe(true);
    const ohrid = await expectCount({ region: "Ohrid" }, "region = 'Ohrid'", []);
    expect(ohrid.hits.every((h) => h.region === "Ohrid")).toBe(true);
    const band = await expectCount({ band: 3 }, "price_band = 3", []);
    expect(band.hits.every((h) => h.priceBand === 3)).toBe(true);
    await expectCount(
      { category: "Music", region: "Ohrid", band: 1 },
      "service_category = 'Music' AND region = 'Ohrid' AND price_band = 1",
      [],
    );
    const floralInOhrid = await search({ q: "floral", region: "Ohrid", category: "Florist" });
    expect(floralInOhrid.hits.map((h) => h.name)).toEqual(["Peony & Vine Florals"]);
  });

  it("never shows a planner an inactive or suspended vendor, whatever the address asks for", async () => {
    const hidden = await owner<{ vendor_id: number; name: string }>(
      `SELECT vendor_id, name FROM vendor WHERE status <> 'Active'`,
    );
    expect(hidden.length).toBeGreaterThan(0);
    for (const status of ["Active", "Inactive", "Suspended"] as const) {
      const result = await search({ status }, planner);
      expect(result.status).toBe("Active");
      const ids = new Set(result.hits.map((h) => h.id));
      for (const vendor of hidden) expect(ids.has(vendor.vendor_id), vendor.name).toBe(false);
    }
    // Even by name, and on their own page.
    expect((await search({ q: "Marko Ilievski Photography" })).hits.map((h) => h.name)).not.toContain(
      "Marko Ilievski Photography",
    );
    expect(await getVendorDetail(planner, vendorIds.get("Vespa Vintage Rides")!)).toBeNull();
  });

  it("lets an admin list inactive and suspended vendors, read live through row-level security", async () => {
    const inactive = await search({ status: "Inactive" }, admin);
    const [row] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM vendor WHERE status = 'Inactive'`);
    expect(inactive.total).toBe(row!.n);
    expect(inactive.hits.every((h) => h.status === "Inactive")).toBe(true);
    const suspended = await search({ status: "Suspended", q: "vespa" }, admin);
    expect(suspended.hits.map((h) => h.name)).toEqual(["Vespa Vintage Rides"]);
    const detail = await getVendorDetail(admin, vendorIds.get("Vespa Vintage Rides")!);
    expect(detail?.vendor.status).toBe("Suspended");
    // Live reads: nothing of an inactive vendor lands in the shared cache.
    expect(fakeCacheState.size()).toBe(0);
  });
});

describe("pages", () => {
  it("pages every active vendor by name without gaps or overlaps, and falls back from a page past the end", async () => {
    const [row] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM vendor WHERE status = 'Active'`);
    const pageCount = Math.ceil(row!.n / VENDOR_PAGE_SIZE);
    expect(pageCount).toBeGreaterThan(1);
    const seen: number[] = [];
    for (let page = 1; page <= pageCount; page++) {
      const result = await search({ page });
      expect(result).toMatchObject({ page, pageCount, total: row!.n });
      seen.push(...result.hits.map((h) => h.id));
    }
    expect(seen).toHaveLength(row!.n);
    expect(new Set(seen).size).toBe(row!.n);
    const byName = await owner<{ vendor_id: number }>(
      `SELECT vendor_id FROM vendor WHERE status = 'Active' ORDER BY lower(name), vendor_id`,
    );
    expect(seen).toEqual(byName.map((r) => r.vendor_id));
    const past = await search({ page: 999 });
    expect(past.page).toBe(pageCount);
    expect(past.hits.length).toBe(row!.n - (pageCount - 1) * VENDOR_PAGE_SIZE);
  });

  it("keeps the search and filters in the address, parsed leniently", () => {
    const { filters, notes } = parseVendorSearchParams({
      q: "  floral  arch ",
      category: "Florist",
      region: "Ohrid",
      band: "2",
      page: "3",
      status: "Gone",
    });
    expect(filters).toEqual({
      q: "floral arch",
      category: "Florist",
      region: "Ohrid",
      band: 2,
      page: 3,
      status: "Active",
    });
    expect(notes).toEqual([expect.stringContaining("the status filter")]);
    const bad = parseVendorSearchParams({ category: "Wizards", band: "7", page: "-1", region: ["a", "b"] });
    expect(bad.filters).toEqual(DEFAULT_VENDOR_FILTERS);
    expect(bad.notes).toHaveLength(4);
  });
});

describe("input nobody can break it with", () => {
  const nasty = [
    "' & | ! : * ( ) <->",
    "'",
    '"',
    "floral & | ! photography",
    "!!!",
    "<->",
    "a:*",
    "(((",
    "x".repeat(10_000),
    "floral ".repeat(2_000),
    "💐🌸 flowers 🤵‍♂️",
    "\u0000floral\u0000",
    `${START_SEL}floral${STOP_SEL}`,
    "Robert'); DROP TABLE vendor; --",
    "<script>alert(1)</script>",
    "%_\\",
    "\uD800 lone surrogate",
  ];

  it.each(nasty.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} characters)` : q, q]))(
    "%s gives a page, never an error",
    async (_label, raw) => {
      const { filters, notes } = parseVendorSearchParams({ q: raw });
      const result = await search(filters);
      expect(result.page).toBe(1);
      expect(Array.isArray(result.hits)).toBe(true);
      if (raw.length > 200) expect(notes).toContain("The search was shortened to its first 200 characters.");
      for (const hit of result.hits) expect(hit.headline).not.toMatch(/<script>/);
    },
  );

  it("finds florists for emoji around a word, and for a search that only differs by control characters", async () => {
    const emoji = await search(parseVendorSearchParams({ q: "💐 floral 💐" }).filters);
    expect(emoji.total).toBe((await search({ q: "floral" })).total);
    const control = await search(parseVendorSearchParams({ q: "\u0000floral\u0007" }).filters);
    expect(control.total).toBe(emoji.total);
  });

  it("is safe even without the app's checks: the database shortens and strips what it is given", async () => {
    const app = (await import("@/lib/db/client")).getPrisma();
    const long = await app.$queryRaw<
      unknown[]
    >`SELECT * FROM vendor_catalog_search(${"floral ".repeat(3000)}, NULL, NULL, NULL, 5, 0)`;
    expect(long.length).toBe(5);
    const markers = await app.$queryRaw<{ headline: string }[]>`
      SELECT headline FROM vendor_catalog_search(${`${START_SEL}${STOP_SEL}floral`}, NULL, NULL, NULL, 100, -5)`;
    expect(markers.length).toBeGreaterThan(0);
    const huge = await app.$queryRaw<unknown[]>`SELECT * FROM vendor_catalog_search(NULL, NULL, NULL, NULL, 100000, 0)`;
    expect(huge.length).toBeGreaterThan(VENDOR_PAGE_SIZE);
    expect(huge.length).toBeLessThanOrEqual(100);
  });

  it("shows markup and fake markers in a description as text, marking only real matches", async () => {
    const [row] = await owner<{ vendor_id: number }>(
      `INSERT INTO vendor (name, service_category, region, description)
       VALUES ('Markup Test Florals', 'Florist', 'Skopje', $1) RETURNING vendor_id`,
      [`<img src=x onerror=alert(1)> ${START_SEL}fake${STOP_SEL} and a floral crown`],
    );
    try {
      const { hits } = await search({ q: "floral crown", region: "Skopje", category: "Florist" });
      const hit = hits.find((h) => h.id === row!.vendor_id)!;
      const plain = splitHighlight(hit.headline)
        .map((s) => s.text)
        .join("");
      expect(plain).toContain("onerror=alert(1)> fake and a floral crown");
      expect(marked(hit.headline).sort()).toEqual(["crown", "floral"]);
      expect(hit.headline).not.toContain(`${START_SEL}fake`);
    } finally {
      await db.pool.query(`DELETE FROM vendor WHERE vendor_id = $1`, [row!.vendor_id]);
    }
  });
});
