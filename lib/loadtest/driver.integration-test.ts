import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreflightError, runScenario } from "./driver";
import { toFixture } from "./fixture";
import { buildScenarios, clientAddress } from "./scenarios";
import { signInWithCredentials } from "./sign-in";
import { createFakeAuth, FAKE_PASSWORD, parseCookieHeader } from "./testing/fake-auth";

// The load-test plumbing end to end against a tiny in-process HTTP server
// that imitates the app: sign-in through the credentials flow, pages that
// need the session cookie, an RSVP page limited per X-Forwarded-For address,
// and answers that go wrong on purpose. It proves the plumbing, not the speed:
// 2 connections for about a second per page.

const RSVP_LIMIT_PER_ADDRESS = 5;

type Seen = { paths: string[]; addresses: Set<string>; rsvpHits: Map<string, number> };

function fakeApp(seen: Seen, auth = createFakeAuth()) {
  return createServer((req, res) => {
    void (async () => {
      if (await auth.handle(req, res)) return;
      const url = new URL(req.url ?? "/", "http://localhost");
      const address = req.headers["x-forwarded-for"] as string | undefined;
      seen.paths.push(url.pathname + url.search);
      if (address) seen.addresses.add(address);
      const page = (status: number, html: string) => {
        res.statusCode = status;
        res.setHeader("content-type", "text/html");
        // Pages take a little while, like real ones.
        setTimeout(() => res.end(`<html><body>${html}</body></html>`), 2);
      };

      const rsvp = /^\/rsvp\/(\w+)$/.exec(url.pathname);
      if (rsvp) {
        const hits = (seen.rsvpHits.get(address ?? "") ?? 0) + 1;
        seen.rsvpHits.set(address ?? "", hits);
        // The real page answers 200 with a notice when an address is over its limit.
        if (hits > RSVP_LIMIT_PER_ADDRESS) return page(200, "<h1>Too many requests, try again in a minute.</h1>");
        return page(200, "<p>You are invited</p>");
      }
      const session = parseCookieHeader(req.headers.cookie).get("wp.session");
      if (!session) {
        res.statusCode = 307;
        res.setHeader("location", `/sign-in?next=${encodeURIComponent(url.pathname)}`);
        return res.end();
      }
      if (url.pathname === "/weddings") return page(200, "<p>Every wedding you plan: 50 weddings</p>");
      const wedding = /^\/weddings\/(\d+)(\/guests)?$/.exec(url.pathname);
      if (wedding) {
        if (wedding[1] === "666") return page(500, "<h1>Something went wrong</h1>");
        if (wedding[1] === "777") return page(200, "<h1>Something went wrong</h1>");
        return page(200, wedding[2] ? "<h2>Invitations per event</h2>" : "<h2>Budget and spend</h2>");
      }
      if (url.pathname === "/vendors") {
        return page(200, `<p>12 vendors found, best match first</p><p>${url.searchParams.get("q")}</p>`);
      }
      page(404, "Not found");
    })();
  });
}

describe("the load-test driver", () => {
  const seen: Seen = { paths: [], addresses: new Set(), rsvpHits: new Map() };
  const auth = createFakeAuth();
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = fakeApp(seen, auth);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function signedInFixture(weddings: number[][], tokens: number) {
    const accounts = weddings.map((weddingIds, i) => ({
      plannerId: i + 1,
      email: `planner${i + 1}@bench.wedding`,
      weddingIds,
    }));
    const sessions = await Promise.all(
      accounts.map(async (account, i) => ({
        account,
        cookie: await signInWithCredentials(baseUrl, {
          email: account.email,
          password: FAKE_PASSWORD,
          headers: { "x-forwarded-for": clientAddress(i) },
        }),
      })),
    );
    const rsvpTokens = Array.from({ length: tokens }, (_, i) => `token${String(i).padStart(19, "0")}`);
    return toFixture(sessions, rsvpTokens, { common: ["garden", "band"], rare: ["zeppelin"] });
  }

  it("signs in, spreads requests over planners, weddings, terms and tokens, and measures each page", async () => {
    const fixture = await signedInFixture([[1, 2, 3], [4, 5], [6]], 5000);
    // Each planner signed in from the address its pages then come from.
    expect(new Map(auth.signIns.map((s) => [s.email, s.address]))).toEqual(
      new Map([
        ["planner1@bench.wedding", "198.18.0.0"],
        ["planner2@bench.wedding", "198.18.0.1"],
        ["planner3@bench.wedding", "198.18.0.2"],
      ]),
    );
    expect(fixture.planners.map((p) => p.address)).toEqual(["198.18.0.0", "198.18.0.1", "198.18.0.2"]);
    seen.paths.length = 0;

    const results = [];
    for (const scenario of buildScenarios(fixture, ["cockpit", "guests", "vendors", "rsvp"])) {
      const calls: string[] = [];
      results.push(
        await runScenario(baseUrl, scenario, {
          connections: 2,
          durationSeconds: 1,
          warmupSeconds: 1,
          aloneRequests: 2,
          settle: async () => void calls.push("settle"),
          onMeasureStart: async () => void calls.push("start"),
          onMeasureEnd: () => void calls.push("end"),
        }),
      );
      expect(calls).toEqual(["settle", "start", "end"]);
    }

    for (const result of results) {
      expect(result.requests, result.title).toBeGreaterThan(20);
      expect(result.failures, result.title).toBe(0);
      expect(result.non2xx).toBe(0);
      expect(result.statusCounts).toEqual({ "200": result.requests });
      expect(result.requestsPerSecond).toBeGreaterThan(0);
      expect(result.latency.p50).toBeGreaterThan(0);
      expect(result.latency.p50).toBeLessThanOrEqual(result.latency.p95);
      expect(result.latency.p95).toBeLessThanOrEqual(result.latency.p99);
      expect(result.connections).toBe(2);
      expect(result.aloneMs).toBeGreaterThan(0);
    }

    // Every wedding of every planner, both common terms and the rare one, many tokens.
    const guestPaths = new Set(seen.paths.filter((p) => p.endsWith("/guests")));
    expect(guestPaths).toEqual(new Set([1, 2, 3, 4, 5, 6].map((id) => `/weddings/${id}/guests`)));
    expect(new Set(seen.paths.filter((p) => p.startsWith("/vendors")))).toEqual(
      new Set(["/vendors?q=garden", "/vendors?q=band", "/vendors?q=zeppelin"]),
    );
    const rsvpPaths = new Set(seen.paths.filter((p) => p.startsWith("/rsvp/")));
    expect(rsvpPaths.size).toBeGreaterThan(20);
    // Each token's guest has an address of their own, so none reached the per-address limit.
    expect(Math.max(...seen.rsvpHits.values())).toBeLessThanOrEqual(RSVP_LIMIT_PER_ADDRESS);

    const vendors = results.find((r) => r.page === "vendors")!;
    expect(vendors.variants.map((v) => v.name)).toEqual(["common terms", "rare terms"]);
    const [common, rare] = vendors.variants;
    expect(common!.requests + rare!.requests).toBe(vendors.requests);
    // The variants take turns.
    expect(Math.abs(common!.requests - rare!.requests)).toBeLessThanOrEqual(2);
    expect(results.find((r) => r.page === "cockpit")!.variants).toEqual([]);
    expect(common!.aloneMs).toBeGreaterThan(0);
    expect(rare!.aloneMs).toBeGreaterThan(0);
  });

  it("counts error statuses, error pages and rate-limit notices as failures", async () => {
    // Wedding 1 answers normally (the preflight may pick it), 666 with a 500, 777 with an error page inside a 200.
    const fixture = await signedInFixture([[1, 666, 777]], 1);
    const [overview, rsvp] = buildScenarios(fixture, ["overview", "rsvp"]);
    let calls = 0;
    // The preflight's two picks (planner, wedding) get wedding 1; then every request picks at random.
    const random = () => (calls++ < 2 ? 0 : Math.random());
    const result = await runScenario(baseUrl, overview!, {
      connections: 2,
      durationSeconds: 1,
      warmupSeconds: 0,
      random,
    });
    expect(result.non2xx).toBeGreaterThan(0);
    expect(result.statusCounts["500"]).toBe(result.non2xx);
    expect(result.invalid["error page"]).toBeGreaterThan(0);
    expect(result.failures).toBe(result.non2xx + result.invalid["error page"]! + result.errors);

    seen.rsvpHits.clear();
    // One token, one address: after 5 hits the fake page answers with its notice, still 200.
    const limited = await runScenario(baseUrl, rsvp!, { connections: 2, durationSeconds: 1, warmupSeconds: 0 });
    expect(limited.non2xx).toBe(0);
    expect(limited.invalid["rate limited"]).toBe(limited.requests - (RSVP_LIMIT_PER_ADDRESS - 1));
    expect(limited.failures).toBe(limited.invalid["rate limited"]);
  });

  it("stops before the run when a page is not what it should be", async () => {
    const fixture = await signedInFixture([[1]], 1);
    const [cockpit] = buildScenarios({ ...fixture, planners: [{ ...fixture.planners[0]!, cookie: "wp.session=" }] }, [
      "cockpit",
    ]);
    const before = seen.paths.length;
    await expect(
      runScenario(baseUrl, cockpit!, { connections: 2, durationSeconds: 1, warmupSeconds: 0 }),
    ).rejects.toThrow(
      new PreflightError("Cockpit (all): HTTP 307 to /sign-in?next=%2Fweddings for /weddings. The page said: "),
    );
    // One request, not a run.
    expect(seen.paths.length - before).toBe(1);
  });
});
