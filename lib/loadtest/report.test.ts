import { describe, expect, it } from "vitest";
import type { TScenarioResult } from "./driver";
import { meetsTarget, notMeasured, renderMarkdown, replaceSection, withVerdict, type TLoadReport } from "./report";
import { summarizeLatency } from "./stats";

function scenario(overrides: Partial<TScenarioResult> = {}): TScenarioResult {
  return {
    name: "all",
    page: "cockpit",
    title: "Cockpit",
    route: "/weddings",
    connections: 50,
    durationSeconds: 30,
    requests: 12_000,
    requestsPerSecond: 400,
    latency: { p50: 80, p95: 140, p99: 190, mean: 90, max: 400 },
    non2xx: 0,
    invalid: {},
    aloneMs: 31.26,
    statusCounts: { "200": 12_000 },
    errors: 0,
    timeouts: 0,
    failures: 0,
    variants: [],
    ...overrides,
  };
}

function report(pages: TLoadReport["pages"]): TLoadReport {
  return {
    tool: "loadtest",
    generatedAt: "2026-11-24T06:10:00.000Z",
    scale: "medium",
    target: { p95Ms: 150, failures: 0 },
    settings: {
      connections: 50,
      durationSeconds: 30,
      warmupSeconds: 3,
      planners: 50,
      weddings: 2500,
      rsvpTokens: 5000,
      searchTerms: { common: 5, rare: 5 },
      poolSize: 10,
      statementTimeoutMs: 10_000,
      poolSizeReported: 10,
      trustedProxyHeader: "x-forwarded-for",
    },
    machine: {
      cpuModel: "Test CPU",
      cores: 2,
      memoryGiB: 24,
      os: "Linux 6.1",
      node: "20.20.2",
      postgres: "PostgreSQL 15.18",
      loadAverageAtStart: 0.42,
    },
    database: { maxConnections: 200, sharedBuffers: "6GB" },
    pages,
  };
}

describe("latency percentiles", () => {
  it("summarizes unsorted times, rounded to 0.1 ms", () => {
    expect(summarizeLatency([3.04, 1, 2, 10.26])).toEqual({ p50: 2, p95: 10.3, p99: 10.3, mean: 4.1, max: 10.3 });
    expect(summarizeLatency([])).toEqual({ p50: 0, p95: 0, p99: 0, mean: 0, max: 0 });
  });
});

describe("the target", () => {
  it("is met at P95 ≤ 150 ms with no failures and at least one response", () => {
    expect(meetsTarget(scenario(), 0)).toBe(true);
    expect(meetsTarget(scenario({ latency: { p50: 1, p95: 150, p99: 900, mean: 1, max: 900 } }), 0)).toBe(true);
    expect(meetsTarget(scenario({ latency: { p50: 1, p95: 150.1, p99: 151, mean: 1, max: 151 } }), 0)).toBe(false);
    expect(meetsTarget(scenario(), 1)).toBe(false);
    expect(meetsTarget(scenario({ requests: 0, latency: { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 } }), 0)).toBe(false);
  });

  it("counts non-2xx, wrong pages and connection errors as failures", () => {
    expect(withVerdict(scenario({ failures: 3, non2xx: 3 }), null).met).toBe(false);
    expect(withVerdict(scenario(), null).met).toBe(true);
  });
});

describe("the floor", () => {
  it("is shown for reference, without a target", () => {
    const floor = withVerdict(
      scenario({
        page: "floor",
        title: "Floor: health check",
        route: "/api/health",
        latency: { p50: 90, p95: 400, p99: 500, mean: 95, max: 600 },
      }),
      null,
    );
    const markdown = renderMarkdown(report([floor]));
    expect(markdown).toContain("| Floor: health check | `/api/health` |");
    expect(markdown).toContain("| reference, no target |");
    expect(markdown).not.toContain("**missed**");
  });
});

describe("the markdown report", () => {
  const met = withVerdict(scenario(), { machineCores: 1.95, serverCores: 1.1, loadGeneratorCores: 0.3 }, [
    { query: "SELECT * FROM cockpit WHERE a | b", calls: 12_000, meanMs: 4.25, totalMs: 51_000, share: 0.612 },
    { query: "SELECT set_config($1, $2, true)", calls: 12_000, meanMs: 0.05, totalMs: 600, share: 0.007 },
  ]);
  const missed = withVerdict(
    scenario({
      page: "vendors",
      title: "Vendor search",
      route: "/vendors?q=…",
      requests: 6000,
      requestsPerSecond: 200,
      latency: { p50: 230, p95: 412.4, p99: 600, mean: 250, max: 1200 },
      non2xx: 4,
      statusCounts: { "200": 5994, "307": 4 },
      invalid: { "rate limited": 2 },
      errors: 1,
      timeouts: 1,
      failures: 7,
      variants: [
        {
          name: "common terms",
          requests: 3000,
          requestsPerSecond: 100,
          latency: { p50: 300, p95: 450, p99: 700, mean: 310, max: 1200 },
          non2xx: 4,
          invalid: {},
          aloneMs: 120.4,
        },
        {
          name: "rare terms",
          requests: 3000,
          requestsPerSecond: 100,
          latency: { p50: 50, p95: 120, p99: 140, mean: 60, max: 300 },
          non2xx: 0,
          invalid: {},
          aloneMs: null,
        },
      ],
    }),
    { machineCores: 2, serverCores: null, loadGeneratorCores: 0.25 },
  );
  const markdown = renderMarkdown(report([met, missed]));

  it("has one row per page and per variant, with P50/P95/P99, req/s, non-2xx, errors and the verdict", () => {
    expect(markdown).toContain("| Cockpit | `/weddings` | 31.3 | 12,000 | 400.0 | 80.0 | 140 | 190 | 0 | 0 | met |");
    expect(markdown).toContain(
      "| Vendor search | `/vendors?q=…` | 31.3 | 6,000 | 200.0 | 230 | 412 | 600 | 4 | 3 | **missed** (P95 +262 ms, 7 failed) |",
    );
    expect(markdown).toContain(
      "| ↳ common terms | | 120 | 3,000 | 100.0 | 300 | 450 | 700 | 4 | 0 | **missed** (P95 +300 ms, 4 failed) |",
    );
    expect(markdown).toContain("| ↳ rare terms | | n/a | 3,000 | 100.0 | 50.0 | 120 | 140 | 0 | 0 | met |");
  });

  it("says what failed, how busy the machine was, and the settings in effect", () => {
    expect(markdown).toContain("- Vendor search: status 307 × 4; rate limited × 2; 1 timeouts.");
    expect(markdown).toContain("| Cockpit | 1.95 | 1.10 | 0.30 | 0.55 | 125 ms |");
    expect(markdown).toContain("| Vendor search | 2.00 | n/a | 0.25 | n/a | 250 ms |");
    expect(markdown).toContain("roughly 334 req/s");
    expect(markdown).toContain("2 cores (Test CPU), 24 GiB memory, Linux 6.1, Node.js 20.20.2, PostgreSQL 15.18");
    expect(markdown).toContain("load average 0.42 at the start");
    expect(markdown).toContain(
      "`DB_POOL_SIZE=10` (the server reported 10 in /api/metrics), `DB_STATEMENT_TIMEOUT_MS=10000`",
    );
    expect(markdown).toContain("`TRUSTED_PROXY_HEADER=x-forwarded-for`");
    expect(markdown).toContain("on the `medium` data");
  });

  it("names each page's top statements, with pipes escaped for the table", () => {
    expect(markdown).toContain("| Cockpit | `SELECT * FROM cockpit WHERE a \\| b` | 12,000 | 4.3 | 61 % |");
    expect(markdown).toContain("| Cockpit | `SELECT set_config($1, $2, true)` | 12,000 | 0.1 | 1 % |");
  });

  it("lists no failures when there were none", () => {
    expect(renderMarkdown(report([met]))).not.toContain("Failures:");
    expect(renderMarkdown(report([withVerdict(scenario(), null)]))).not.toContain("top statements");
  });

  it("shows a page that could not be measured as missed, with the reason", () => {
    const broken = notMeasured(
      { page: "rsvp", title: "RSVP page", route: "/rsvp/[token]" },
      "RSVP page (all): HTTP 500 for /rsvp/x.",
    );
    expect(broken.met).toBe(false);
    const text = renderMarkdown(report([met, broken]));
    expect(text).toContain(
      "| RSVP page | `/rsvp/[token]` | — | — | — | — | — | — | — | — | **missed** (not measured) |",
    );
    expect(text).toContain("- RSVP page: not measured: RSVP page (all): HTTP 500 for /rsvp/x.");
  });
});

describe("replaceSection", () => {
  const body = "## HTTP load test\n\nnew";

  it("creates the markers in an empty file", () => {
    expect(replaceSection("", "loadtest", body)).toBe(
      "<!-- loadtest:start -->\n\n## HTTP load test\n\nnew\n\n<!-- loadtest:end -->\n",
    );
  });

  it("appends the section after other sections and leaves them alone", () => {
    const document = "# Benchmarks\n\n<!-- bench:start -->\nbench\n<!-- bench:end -->\n";
    expect(replaceSection(document, "loadtest", body)).toBe(
      "# Benchmarks\n\n<!-- bench:start -->\nbench\n<!-- bench:end -->\n\n<!-- loadtest:start -->\n\n## HTTP load test\n\nnew\n\n<!-- loadtest:end -->\n",
    );
  });

  it("rewrites only what is between its own markers", () => {
    const document =
      "# B\n<!-- loadtest:start -->\nold\nold\n<!-- loadtest:end -->\ntail\n<!-- orm:start -->\norm\n<!-- orm:end -->\n";
    expect(replaceSection(document, "loadtest", body)).toBe(
      "# B\n<!-- loadtest:start -->\n\n## HTTP load test\n\nnew\n\n<!-- loadtest:end -->\ntail\n<!-- orm:start -->\norm\n<!-- orm:end -->\n",
    );
  });

  it("refuses broken markers instead of guessing", () => {
    expect(() => replaceSection("<!-- loadtest:start -->\nx", "loadtest", body)).toThrow(/broken loadtest section/);
    expect(() => replaceSection("<!-- loadtest:end -->\n<!-- loadtest:start -->", "loadtest", body)).toThrow(/broken/);
    expect(() =>
      replaceSection("<!-- loadtest:start -->\n<!-- loadtest:start -->\n<!-- loadtest:end -->", "loadtest", body),
    ).toThrow(/broken/);
  });
});
