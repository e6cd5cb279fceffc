import type { TLoadtestPage } from "./schema";

// What each page of the load test asks for. Every request picks its own
// planner session, wedding, search term or RSVP token at random, so the load
// spreads over many rows instead of hammering one cached wedding. Each
// simulated client also has its own address, sent as X-Forwarded-For to a
// server that trusts that header (the load test stands in for the reverse
// proxy): the per-address limits then count each guest and each planner, as
// they would in production, and none are switched off.

export type TPlannerSession = {
  plannerId: number;
  /** The Cookie header value that carries this planner's session. */
  cookie: string;
  /** The planner's weddings that have guests. */
  weddingIds: number[];
  /** The address this planner's requests come from. */
  address: string;
};

export type TLoadtestFixture = {
  planners: TPlannerSession[];
  terms: { common: string[]; rare: string[] };
  rsvpTokens: string[];
};

export type TRequestPlan = { path: string; headers: Record<string, string> };

export type TScenarioVariant = {
  name: string;
  next: (random: () => number) => TRequestPlan;
};

export type TScenario = {
  page: TLoadtestPage;
  title: string;
  /** The route pattern, for the report. */
  route: string;
  variants: TScenarioVariant[];
  /** A 2xx answer still fails when its body is not the page asked for (an error boundary, a rate-limit notice). */
  checkBody: (body: string) => string | null;
};

/** The RSVP page's rate-limit notice (lib/rsvp/rate-limit.ts); it is answered with 200. */
export const RATE_LIMITED_TEXT = "Too many requests";
/** The text of app/error.tsx: a render that failed after streaming began still answers 200. */
export const ERROR_BOUNDARY_TEXT = "Something went wrong";

/**
 * The address of simulated client `index`, from 198.18.0.0/15, the range
 * RFC 2544 sets aside for benchmarks: it is only ever a header value here,
 * never a destination.
 */
export function clientAddress(index: number): string {
  const n = ((index % 131_072) + 131_072) % 131_072;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

const pick = <T>(items: readonly T[], random: () => number): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("Nothing to pick from.");
  return item;
};

function plannerRequest(fixture: TLoadtestFixture, random: () => number, path: (weddingId: number) => string) {
  const planner = pick(fixture.planners, random);
  return {
    path: path(pick(planner.weddingIds, random)),
    headers: { cookie: planner.cookie, "x-forwarded-for": planner.address },
  };
}

function expectText(marker: string, what: string) {
  return (body: string): string | null => {
    if (body.includes(ERROR_BOUNDARY_TEXT)) return "error page";
    if (body.includes(RATE_LIMITED_TEXT)) return "rate limited";
    return body.includes(marker) ? null : `not ${what}`;
  };
}

/** The scenarios for `pages`, in that order, drawing on `fixture`. */
export function buildScenarios(fixture: TLoadtestFixture, pages: readonly TLoadtestPage[]): TScenario[] {
  if (fixture.planners.length === 0 || fixture.planners.some((p) => p.weddingIds.length === 0)) {
    throw new Error("The load test needs signed-in planners, each with at least one wedding.");
  }
  const all: Record<TLoadtestPage, () => TScenario> = {
    cockpit: () => ({
      page: "cockpit",
      title: "Cockpit",
      route: "/weddings",
      variants: [
        {
          name: "all",
          next: (random) => {
            const planner = pick(fixture.planners, random);
            return { path: "/weddings", headers: { cookie: planner.cookie, "x-forwarded-for": planner.address } };
          },
        },
      ],
      checkBody: expectText("Every wedding you plan", "the cockpit"),
    }),
    overview: () => ({
      page: "overview",
      title: "Wedding overview",
      route: "/weddings/[id]",
      variants: [{ name: "all", next: (random) => plannerRequest(fixture, random, (id) => `/weddings/${id}`) }],
      checkBody: expectText("Budget and spend", "the wedding overview"),
    }),
    guests: () => ({
      page: "guests",
      title: "Guest list",
      route: "/weddings/[id]/guests",
      variants: [{ name: "all", next: (random) => plannerRequest(fixture, random, (id) => `/weddings/${id}/guests`) }],
      checkBody: expectText("Invitations per event", "the guest list"),
    }),
    vendors: () => {
      if (fixture.terms.common.length === 0 || fixture.terms.rare.length === 0) {
        throw new Error("Vendor search needs common and rare terms.");
      }
      const search = (terms: string[]) => (random: () => number) => {
        const planner = pick(fixture.planners, random);
        return {
          path: `/vendors?q=${encodeURIComponent(pick(terms, random))}`,
          headers: { cookie: planner.cookie, "x-forwarded-for": planner.address },
        };
      };
      return {
        page: "vendors",
        title: "Vendor search",
        route: "/vendors?q=…",
        variants: [
          { name: "common terms", next: search(fixture.terms.common) },
          { name: "rare terms", next: search(fixture.terms.rare) },
        ],
        checkBody: expectText("best match first", "vendor search results"),
      };
    },
    floor: () => ({
      page: "floor",
      title: "Floor: health check",
      route: "/api/health",
      variants: [
        {
          name: "all",
          next: (random) => ({
            path: "/api/health",
            headers: { "x-forwarded-for": pick(fixture.planners, random).address },
          }),
        },
      ],
      checkBody: (body) => (body.includes('"status":"ok"') ? null : "not a healthy answer"),
    }),
    rsvp: () => {
      if (fixture.rsvpTokens.length === 0) throw new Error("The RSVP page needs guest tokens.");
      return {
        page: "rsvp",
        title: "RSVP page",
        route: "/rsvp/[token]",
        variants: [
          {
            name: "all",
            next: (random) => {
              // Each guest opens their own link from their own address.
              const index = Math.floor(random() * fixture.rsvpTokens.length);
              return {
                path: `/rsvp/${fixture.rsvpTokens[index]}`,
                headers: { "x-forwarded-for": clientAddress(fixture.planners.length + index) },
              };
            },
          },
        ],
        checkBody: expectText("You are invited", "an invitation"),
      };
    },
  };
  return pages.map((page) => all[page]());
}
