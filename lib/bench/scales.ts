import { z } from "zod";

// The benchmark's data sizes. `full` is the report's scale (2M vendors, 10M
// bookings, 5M payments) plus 100k weddings with their whole guest tree.
// Bookings need a wedding in our schema, so the 10M bookings hang off 1M
// weddings (10 each: one venue, nine vendors); the first `fullWeddings` of
// them also have households, guests, events, RSVPs, budgets and expenses.

export const ZScale = z.enum(["small", "medium", "full"]);
export type TScale = z.infer<typeof ZScale>;

export type ScaleSpec = {
  planners: number;
  /** Every planner owns this many weddings: weddings = planners × weddingsPerPlanner. */
  weddingsPerPlanner: number;
  weddings: number;
  fullWeddings: number;
  vendors: number;
  venues: number;
  /** weddings × bookingsPerWedding. */
  bookings: number;
  bookingsPerWedding: number;
  /** One payment for every second booking. */
  payments: number;
};

function spec(planners: number, fullWeddings: number, vendors: number, venues: number): ScaleSpec {
  const weddingsPerPlanner = 50;
  const weddings = planners * weddingsPerPlanner;
  const bookingsPerWedding = 10;
  const bookings = weddings * bookingsPerWedding;
  return {
    planners,
    weddingsPerPlanner,
    weddings,
    fullWeddings,
    vendors,
    venues,
    bookings,
    bookingsPerWedding,
    payments: bookings / 2,
  };
}

export const SCALES: Record<TScale, ScaleSpec> = {
  small: spec(200, 500, 50_000, 500),
  medium: spec(2_000, 10_000, 200_000, 5_000),
  full: spec(20_000, 100_000, 2_000_000, 50_000),
};

/** Every bench planner (planner{n}@bench.wedding) signs in with this password. */
export const BENCH_PLANNER_PASSWORD = "bench-planner";
export const BENCH_ADMIN_EMAIL = "admin@bench.wedding";

/** Wedding dates (and so booking partitions) span these five years. */
export const BENCH_FIRST_DAY = "2024-01-01";
export const BENCH_LAST_DAY = "2028-12-31";

export function benchDatabaseName(scale: TScale): string {
  return `wp_bench_${scale}`;
}

export function plannerEmail(n: number): string {
  return `planner${n}@bench.wedding`;
}
