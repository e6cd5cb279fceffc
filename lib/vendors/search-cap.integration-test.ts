import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { fakeCacheState } from "@/lib/test/fake-next-cache";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { UserIdentity } from "@/lib/auth/guards";
import { planNodes, type PlanNode } from "@/lib/bench/plan";
import type * as Explain from "@/lib/bench/explain";
import type * as Queries from "./queries";
import { SEARCH_MATCH_CAP } from "./public-catalog";
import type * as PublicCatalog from "./public-catalog";
import { DEFAULT_VENDOR_FILTERS, VENDOR_PAGE_SIZE, type TVendorFilters } from "./schema";

// The bounded ranking of vendor_search() (D31) on a catalogue big enough to
// need it: 20,000 extra vendors, four in five of them described with one
// common made-up word, about thirty with a rare one. Over the cap the search
// ranks the first 1,000 matches and says there are more; under it (a rare
// word, or a filter that narrows) the count is exact; a common word reads the
// table in order, a rare one reads the GIN index.

vi.mock("next/cache", async () => (await import("@/lib/test/fake-next-cache")).fakeNextCache);

const COMMON = "zephyrine";
const RARE = "quillwort";

let db: TestDatabase;
let searchVendors: typeof Queries.searchVendors;
let planner: UserIdentity;
let explain: typeof Explain;
let capture: Explain.PlanCapture;
let catalog: typeof PublicCatalog;

const search = (filters: Partial<TVendorFilters>) => searchVendors(planner, { ...DEFAULT_VENDOR_FILTERS, ...filters });

async function owner<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  const client = await db.pool.connect();
  try {
    // The audit trail is not under test here: 20,000 inserts without its triggers.
    await client.query(`SET session_replication_role = replica`);
    await client.query(`
      INSERT INTO vendor (name, service_category, region, status, description, price_band)
      SELECT 'Cap Vendor ' || i,
             (enum_range(NULL::service_category))[1 + i % 5],
             'Cap Region ' || (i % 40),
             CASE WHEN i % 50 = 0 THEN 'Inactive'::vendor_status ELSE 'Active'::vendor_status END,
             concat_ws(' ',
               CASE WHEN i % 5 <> 0 THEN '${COMMON}' END,
               CASE WHEN i % 7 = 0 THEN '${COMMON} ${COMMON}' END,
               CASE WHEN i % 700 = 1 THEN '${RARE}' END,
               'wedding suppliers since ' || (1990 + i % 30)),
             1 + i % 4
      FROM generate_series(1, 20000) AS i`);
    await client.query(`RESET session_replication_role`);
    await client.query(`ANALYZE vendor`);
  } finally {
    client.release();
  }
  ({ searchVendors } = await import("./queries"));
  catalog = await import("./public-catalog");
  explain = await import("@/lib/bench/explain");
  await explain.enableNestedPlans(db.pool, db.name);
  capture = explain.createPlanCapture(db.appUrl);
  const [p] = await owner<{ user_id: number }>(`SELECT user_id FROM planner ORDER BY planner_id LIMIT 1`);
  planner = { kind: "user", userId: p!.user_id, role: "planner" };
}, 120_000);

beforeEach(() => fakeCacheState.clear());

afterAll(async () => {
  await capture?.close();
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  if (db) await explain?.disableNestedPlans(db.pool, db.name);
  await db?.drop();
});

describe("a word that matches more vendors than the cap", () => {
  it("ranks the first 1,000 matches, best first, and says that more match", async () => {
    const n = await activeMatches(COMMON);
    expect(n).toBeGreaterThan(10_000);

    const first = await search({ q: COMMON });
    expect(first).toMatchObject({ total: SEARCH_MATCH_CAP, more: true, page: 1, pageCount: 50 });
    expect(first.hits).toHaveLength(VENDOR_PAGE_SIZE);
    const second = await search({ q: COMMON, page: 2 });
    const ranks = [...first.hits, ...second.hits].map((hit) => hit.ftsRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // Repeating the word ranks higher: the first page holds the vendors that say it most.
    expect(first.hits.every((hit) => hit.ftsRank === first.hits[0]!.ftsRank)).toBe(true);
    const repeated = await owner<{ name: string }>(
      `SELECT name FROM vendor WHERE name = ANY($1) AND description LIKE '%${COMMON} ${COMMON}%'`,
      [first.hits.map((hit) => hit.name)],
    );
    expect(repeated).toHaveLength(VENDOR_PAGE_SIZE);
    expect(new Set([...first.hits, ...second.hits].map((hit) => hit.id)).size).toBe(2 * VENDOR_PAGE_SIZE);
  });

  it("has 50 pages, and a page past them falls back to the last", async () => {
    const last = await search({ q: COMMON, page: 50 });
    expect(last).toMatchObject({ page: 50, pageCount: 50, more: true });
    expect(last.hits).toHaveLength(VENDOR_PAGE_SIZE);
    const past = await search({ q: COMMON, page: 51 });
    expect(past.page).toBe(50);
    expect(past.hits.map((hit) => hit.id)).toEqual(last.hits.map((hit) => hit.id));
  });

  it("reads the table in order, stopping at the cap, instead of the whole GIN bitmap", async () => {
    // The in-order read is the only subquery scan: the one over `vendor OFFSET 0`.
    const inOrder = (await searchPlan(COMMON)).filter((node) => node["Node Type"] === "Subquery Scan");
    expect(inOrder).toHaveLength(1);
    expect(planNodes(inOrder[0]!).map((node) => `${node["Node Type"]} ${node["Relation Name"] ?? ""}`)).toContain(
      "Seq Scan vendor",
    );
  });
});

describe("under the cap", () => {
  it("counts a rare word exactly, and reads it through the indexes", async () => {
    const n = await activeMatches(RARE);
    expect(n).toBeGreaterThan(VENDOR_PAGE_SIZE);
    const result = await search({ q: RARE });
    expect(result).toMatchObject({ total: n, more: false, pageCount: Math.ceil(n / VENDOR_PAGE_SIZE) });

    // No in-order read (at this size the planner may still scan the 20,000 rows;
    // at the benchmark's sizes the plan checks require the GIN index).
    const nodes = await searchPlan(RARE);
    expect(nodes.filter((node) => node["Node Type"] === "Subquery Scan")).toEqual([]);
  });

  it("counts a common word exactly when a filter narrows it below the cap", async () => {
    const n = await activeMatches(COMMON, "Cap Region 7");
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(SEARCH_MATCH_CAP);
    const result = await search({ q: COMMON, region: "Cap Region 7" });
    expect(result).toMatchObject({ total: n, more: false });
  });

  it("browsing by name is not capped", async () => {
    const n = await activeMatches(null);
    const result = await search({});
    expect(result).toMatchObject({ total: n, more: false });
    expect(n).toBeGreaterThan(SEARCH_MATCH_CAP);
  });
});

/** Active vendors whose text has `word` (any vendor without it), in `region` if given: counted directly. */
async function activeMatches(word: string | null, region: string | null = null): Promise<number> {
  const [row] = await owner<{ n: number }>(
    `SELECT count(*)::int AS n FROM vendor
      WHERE status = 'Active' AND ($2::text IS NULL OR region = $2)
        AND ($1::text IS NULL OR description_tsv @@ to_tsquery('english', $1))`,
    [word, region],
  );
  return row!.n;
}

/** Every node of the plans of vendor_search()'s statements for page 1 of `q`, as the planner's app session. */
async function searchPlan(q: string): Promise<PlanNode[]> {
  const { withIdentity } = await import("@/lib/db/with-identity");
  const sql = catalog.vendorCatalogSearchQuery({
    q,
    category: null,
    region: null,
    band: null,
    limit: VENDOR_PAGE_SIZE,
    offset: 0,
  });
  const plans = await withIdentity(planner, (tx) => explain.captureNestedPlans(tx, capture, sql, ["vendor_search"]), {
    client: capture.client,
  });
  return plans.flatMap((plan) => planNodes(plan.Plan));
}
