import "server-only";
import { getPlannerBudgetAnalysis, budgetAnalysisQuery } from "@/lib/budget/analysis";
import type { Identity } from "@/lib/db/with-identity";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  clientBookingHistoryQuery,
  getClientBookingHistory,
  getVenueBookedDays,
  venueBookedDaysQuery,
} from "@/lib/bookings/queries";
import { activeTimelineRowsQuery, getActiveTimeline } from "@/lib/events/queries";
import { getGuestList, guestListRowsQuery } from "@/lib/guests/queries";
import { getRsvpSummary, rsvpSummaryByIdsQuery } from "@/lib/guests/rsvp-summary";
import { listReconciliation, reconciliationRowsQuery } from "@/lib/payments/reconciliation";
import { parseReconciliationSearchParams, type TReconciliationFilters } from "@/lib/payments/schema";
import { getRevenueDashboard, revenueFiguresQuery } from "@/lib/revenue/queries";
import { vendorCatalogSearchQuery } from "@/lib/vendors/public-catalog";
import { searchVendors } from "@/lib/vendors/queries";
import { parseVendorSearchParams, VENDOR_PAGE_SIZE, type TVendorFilters } from "@/lib/vendors/schema";
import type { PlanExpectation } from "./plan";
import { addDays, pick, pickDay, type BenchSample } from "./sample";

// The benchmark's workload: the operations the report's section 5.6 names and
// issue #6 adds, each one THE APP'S OWN query function (the one its page
// calls), run as the person the page would run it for. sql() is the main
// statement that function runs, from the same exported builder, so EXPLAIN
// sees exactly what the app sends: `EXPLAIN (FORMAT JSON) ${q.sql(p)}`.
// Where that statement calls a security-definer function (vendor search,
// venue availability, monthly revenue), the plan that matters is inside the
// function: `expect.nested` names it, and lib/bench/explain.ts captures it
// with auto_explain.
//
// targetDbP95Ms is issue #6's target for DB execution at `full` scale.

export type WorkloadExpectation = PlanExpectation & {
  /** The functions whose inner statements carry the plan (auto_explain, log_nested_statements). */
  nested?: { functions: readonly string[] };
  /** Why the plan looks the way it does, where it is not obvious. */
  why?: string;
};

export type WorkloadQuery<P> = {
  key: string;
  label: string;
  targetDbP95Ms: number;
  params(rng: () => number, sample: BenchSample): P;
  identity(p: P): Identity;
  /** The app's function, end to end: the identity transaction and every statement it runs. */
  run(p: P): Promise<unknown>;
  /** The main statement run() sends, for EXPLAIN (ANALYZE). */
  sql(p: P): Prisma.Sql;
  expect: WorkloadExpectation;
};

const planner = (userId: number): Identity => ({ kind: "user", userId, role: "planner" });

type WeddingParams = { weddingId: number; userId: number };
type PlannerParams = { userId: number; weddingIds: number[] };
type SearchParams = { userId: number; term: string; filters: TVendorFilters };
type ClientParams = { clientId: number; userId: number };
type VenueParams = { venueId: number; from: string; to: string; userId: number };
type ReconciliationParams = { userId: number; filters: TReconciliationFilters };

function fullWedding(rng: () => number, sample: BenchSample): WeddingParams {
  const wedding = pick(rng, sample.fullWeddings);
  return { weddingId: wedding.weddingId, userId: wedding.plannerUserId };
}

function fullPlanner(rng: () => number, sample: BenchSample): PlannerParams {
  const chosen = pick(rng, sample.planners);
  return { userId: chosen.userId, weddingIds: chosen.weddingIds };
}

function vendorSearch(kind: "common" | "rare", target: number): WorkloadQuery<SearchParams> {
  return {
    key: `vendor-search-${kind}`,
    label: `Full-text vendor search, ${kind} term (top ${VENDOR_PAGE_SIZE}, ranked)`,
    targetDbP95Ms: target,
    params: (rng, sample) => {
      const term = pick(rng, sample.terms[kind]);
      return { userId: pick(rng, sample.planners).userId, term, filters: parseVendorSearchParams({ q: term }).filters };
    },
    identity: (p) => planner(p.userId),
    // The /vendors page: a text search is never cached, so this reaches the database every time.
    run: (p) => searchVendors({ kind: "user", userId: p.userId, role: "planner" }, p.filters),
    sql: (p) =>
      vendorCatalogSearchQuery({
        q: p.term,
        category: null,
        region: null,
        band: null,
        limit: VENDOR_PAGE_SIZE,
        offset: 0,
      }),
    expect: {
      nested: { functions: ["vendor_search"] },
      indexes: ["idx_vendor_description_gin"],
      ...(kind === "common"
        ? {
            allowSeqScan: [
              {
                table: "vendor",
                why: "a word that matches a large share of vendors is read in table order until 1,001 rows match (D31): the LIMIT bounds the read, and it costs less than the GIN index's bitmap of every match",
              },
            ],
          }
        : {}),
      why:
        kind === "common"
          ? "vendor_search() runs as the catalogue's lookup role; it ranks at most 1,001 matches (D31), read in table order when the word is common enough, else from the GIN index."
          : "vendor_search() runs as the catalogue's lookup role; the GIN index finds the matches, ts_rank orders them.",
    },
  };
}

const guestLookup: WorkloadQuery<WeddingParams> = {
  key: "guest-lookup",
  label: "Guest lookup by wedding",
  targetDbP95Ms: 0.5,
  params: fullWedding,
  identity: (p) => planner(p.userId),
  run: (p) => getGuestList(planner(p.userId), p.weddingId),
  sql: (p) => guestListRowsQuery(p.weddingId),
  expect: {
    indexes: [
      "idx_guest_wedding",
      ["idx_rsvp_guest", "event_rsvp_guest_id_wedding_id_idx"],
      { index: "household_wedding_id_idx", whenLarge: "household" },
    ],
  },
};

const eventTimeline: WorkloadQuery<WeddingParams> = {
  key: "event-timeline",
  label: "Active event timeline",
  targetDbP95Ms: 0.5,
  params: fullWedding,
  identity: (p) => planner(p.userId),
  run: (p) => getActiveTimeline(planner(p.userId), p.weddingId),
  sql: (p) => activeTimelineRowsQuery(p.weddingId),
  expect: {
    indexes: [["idx_event_active_timeline", "event_wedding_id_idx"]],
    why:
      "A wedding has one to five events: the partial idx_event_active_timeline (the report's 5.4) and the foreign " +
      "key's event_wedding_id_idx cost about the same, and the planner takes either.",
  },
};

const rsvpAggregation: WorkloadQuery<PlannerParams> = {
  key: "rsvp-aggregation",
  label: "RSVP aggregation per wedding (a planner's 50 weddings)",
  targetDbP95Ms: 5,
  params: fullPlanner,
  identity: (p) => planner(p.userId),
  run: (p) => getRsvpSummary(planner(p.userId), p.weddingIds),
  sql: (p) => rsvpSummaryByIdsQuery(p.weddingIds),
  expect: {
    indexes: ["idx_guest_rsvp_state_wedding"],
    avoids: ["event_rsvp", "event"],
    why: "guest_rsvp_state holds each invited guest's figures, kept by triggers (D32): the counts come from its wedding index, without reading the invitations.",
  },
};

const budgetAnalysis: WorkloadQuery<PlannerParams> = {
  key: "budget-analysis",
  label: "Budget analysis (a planner's 50 weddings)",
  targetDbP95Ms: 15,
  params: fullPlanner,
  identity: (p) => planner(p.userId),
  run: (p) => getPlannerBudgetAnalysis(planner(p.userId), p.weddingIds),
  sql: (p) => budgetAnalysisQuery(p.weddingIds),
  expect: {
    indexes: [
      "wedding_pkey",
      "event_rsvp_wedding_id_idx",
      { index: "idx_budget_wedding", whenLarge: "budget" },
      { index: "expense_wedding_id_idx", whenLarge: "expense" },
      { index: ["event_wedding_id_idx", "idx_event_active_timeline"], whenLarge: "event" },
    ],
    why:
      "Each table is aggregated on its own for the planner's weddings. Where budget, expense or event are small " +
      "(at `small` scale a planner's 50 weddings are a tenth of the 500 full ones), reading them whole is cheaper.",
  },
};

const bookingHistory: WorkloadQuery<ClientParams> = {
  key: "booking-history",
  label: "A client's booking history",
  targetDbP95Ms: 0.5,
  params: (rng, sample) => {
    const wedding = pick(rng, sample.weddings);
    return { clientId: wedding.clientId, userId: wedding.plannerUserId };
  },
  identity: (p) => planner(p.userId),
  run: (p) => getClientBookingHistory(planner(p.userId), p.clientId),
  sql: (p) => clientBookingHistoryQuery(p.clientId),
  expect: {
    indexes: [["idx_client_booking_date", "booking_client_id_idx", "booking_wedding_id_client_id_idx"]],
    why:
      "A client's bookings can be on any day, so every partition is probed through its copy of an index that " +
      "leads with the client (or with the client's wedding, found by wedding_client_id_idx). With ten bookings " +
      "per client, the planner may prefer the smaller single-column index and sort the ten.",
  },
};

const AVAILABILITY_DAYS = 61;

const venueAvailability: WorkloadQuery<VenueParams> = {
  key: "venue-availability",
  label: `Venue availability for a date range (${AVAILABILITY_DAYS} days)`,
  targetDbP95Ms: 0.5,
  params: (rng, sample) => {
    const from = pickDay(rng, sample.weddingDays.from, addDays(sample.weddingDays.to, -(AVAILABILITY_DAYS - 1)));
    return {
      venueId: pick(rng, sample.venueIds),
      from,
      to: addDays(from, AVAILABILITY_DAYS - 1),
      userId: pick(rng, sample.planners).userId,
    };
  },
  identity: (p) => planner(p.userId),
  run: (p) => getVenueBookedDays(planner(p.userId), p.venueId, p.from, p.to),
  sql: (p) => venueBookedDaysQuery(p.venueId, p.from, p.to),
  expect: {
    nested: { functions: ["venue_booked_days"] },
    indexes: [["booking_venue_day_key", "idx_venue_event_date"]],
    // 61 days touch at most two quarters.
    pruning: [{ table: "booking", maxPartitions: 2 }],
  },
};

const reconciliation: WorkloadQuery<ReconciliationParams> = {
  key: "payment-reconciliation",
  label: "Payment reconciliation (Pending, one month)",
  targetDbP95Ms: 5,
  params: (rng, sample) => {
    const range = sample.pendingPaymentDays ?? sample.weddingDays;
    const month = pickDay(rng, range.from, range.to).slice(0, 7);
    const last = addDays(`${addDays(`${month}-01`, 32).slice(0, 7)}-01`, -1);
    return {
      userId: pick(rng, sample.planners).userId,
      filters: parseReconciliationSearchParams({ status: "Pending", from: `${month}-01`, to: last }).filters,
    };
  },
  identity: (p) => planner(p.userId),
  run: (p) => listReconciliation(planner(p.userId), p.filters),
  sql: (p) => reconciliationRowsQuery(p.filters, 1, "planner"),
  expect: {
    pruning: [{ table: "payment", maxPartitions: 1 }],
    indexes: [{ index: "payment_wedding_id_idx", whenLarge: "payment" }],
    why:
      "Under a planner's row-level security the status cannot be an index condition of idx_payment_status_date " +
      "(enum equality is not LEAKPROOF, docs/seed-conformance.md D27); the month's range prunes payment to one partition, " +
      "and the planner's wedding ids, as = ANY, are an index condition in it.",
  },
};

const monthlyRevenue: WorkloadQuery<{ userId: number }> = {
  key: "monthly-revenue",
  label: "Monthly revenue (materialized view)",
  targetDbP95Ms: 1,
  params: (_rng, sample) => ({ userId: sample.adminUserId }),
  identity: (p) => ({ kind: "user", userId: p.userId, role: "admin" }),
  run: (p) => getRevenueDashboard({ kind: "user", userId: p.userId, role: "admin" }),
  sql: () => revenueFiguresQuery(),
  expect: {
    nested: { functions: ["admin_monthly_revenue"] },
    reads: ["mv_monthly_revenue"],
    avoids: ["payment", "booking", "vendor"],
    why: "The view holds one row per month, category and currency; reading it whole is the point.",
  },
};

export const WORKLOAD: readonly WorkloadQuery<unknown>[] = [
  guestLookup,
  eventTimeline,
  rsvpAggregation,
  budgetAnalysis,
  vendorSearch("common", 40),
  vendorSearch("rare", 3),
  bookingHistory,
  venueAvailability,
  reconciliation,
  monthlyRevenue,
];

export function workloadQuery(key: string): WorkloadQuery<unknown> {
  const found = WORKLOAD.find((q) => q.key === key);
  if (!found) throw new Error(`No workload query "${key}". Known: ${WORKLOAD.map((q) => q.key).join(", ")}.`);
  return found;
}
