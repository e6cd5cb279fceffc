import "server-only";
import type { Identity } from "@/lib/db/with-identity";
import { getGuestList } from "@/lib/guests/queries";
import { listCockpit } from "@/lib/weddings/cockpit";
import { DEFAULT_COCKPIT_FILTERS } from "@/lib/weddings/cockpit-schema";
import { getWeddingOverview } from "@/lib/weddings/overview";
import { ormCockpit, ormGuestList, ormOverview } from "./orm-dashboards";
import { pick, seededRandom, type BenchSample } from "./sample";
import { percentile } from "./stats";

// Issue #6, point 3: each dashboard's tuned query against its ORM-convenience
// version (lib/bench/orm-dashboards.ts), in one run, on the same parameters,
// end to end through withIdentity on the app's pool (APP_DATABASE_URL). The
// two run alternately, each going first half of the time, so neither gets
// the other's warm cache for free. The lead's benchmark calls this and
// writes docs/benchmarks.md's "orm" section.

export type DashboardKey = "cockpit" | "overview" | "guest-list";

export type Timing = { p50: number; p95: number; runs: number };

export type OrmComparison = {
  dashboard: DashboardKey;
  label: string;
  tuned: Timing;
  orm: Timing;
  /** ORM time over tuned time: above 1 means the ORM version is slower. */
  ratioP50: number;
  ratioP95: number;
  /** The one the app keeps. */
  faster: "tuned" | "orm";
};

export type CompareOptions = {
  /** Timed runs per dashboard and version (after the warm-up). */
  runs?: number;
  warmup?: number;
  seed?: number;
  /** "YYYY-MM-DD"; today (UTC) unless given. */
  today?: string;
};

type Dashboard = {
  key: DashboardKey;
  label: string;
  draw(rng: () => number, sample: BenchSample): { identity: Identity; weddingId: number };
  tuned(identity: Identity, weddingId: number, today: string): Promise<unknown>;
  orm(identity: Identity, weddingId: number, today: string): Promise<unknown>;
};

const planner = (userId: number): Identity => ({ kind: "user", userId, role: "planner" });

const fullWedding = (rng: () => number, sample: BenchSample) => {
  const wedding = pick(rng, sample.fullWeddings);
  return { identity: planner(wedding.plannerUserId), weddingId: wedding.weddingId };
};

export const DASHBOARDS: readonly Dashboard[] = [
  {
    key: "cockpit",
    label: "Cockpit (/weddings, a planner's 50 weddings, first page)",
    draw: (rng, sample) => ({ identity: planner(pick(rng, sample.planners).userId), weddingId: 0 }),
    tuned: (identity, _id, today) => listCockpit(identity, DEFAULT_COCKPIT_FILTERS, today),
    orm: (identity, _id, today) => ormCockpit(identity, DEFAULT_COCKPIT_FILTERS, today),
  },
  {
    key: "overview",
    label: "Wedding overview (/weddings/[id])",
    draw: fullWedding,
    tuned: (identity, id, today) => getWeddingOverview(identity, id, today),
    orm: (identity, id, today) => ormOverview(identity, id, today),
  },
  {
    key: "guest-list",
    label: "Guest list (/weddings/[id]/guests)",
    draw: fullWedding,
    tuned: (identity, id) => getGuestList(identity, id),
    orm: (identity, id) => ormGuestList(identity, id),
  },
];

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const result = await fn();
  const elapsed = performance.now() - start;
  if (result === null) throw new Error("A dashboard found nothing to show: the sample does not match the data.");
  return elapsed;
}

export async function compareOrmToTuned(sample: BenchSample, options: CompareOptions = {}): Promise<OrmComparison[]> {
  const runs = options.runs ?? 200;
  const warmup = options.warmup ?? 20;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const results: OrmComparison[] = [];
  for (const dashboard of DASHBOARDS) {
    const rng = seededRandom(options.seed ?? 6);
    const tuned: number[] = [];
    const orm: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const { identity, weddingId } = dashboard.draw(rng, sample);
      const pair = [
        () => timed(() => dashboard.tuned(identity, weddingId, today)),
        () => timed(() => dashboard.orm(identity, weddingId, today)),
      ] as const;
      const ormFirst = i % 2 === 1;
      const first = await pair[ormFirst ? 1 : 0]();
      const second = await pair[ormFirst ? 0 : 1]();
      if (i < warmup) continue;
      tuned.push(ormFirst ? second : first);
      orm.push(ormFirst ? first : second);
    }
    const t = { p50: round(percentile(sorted(tuned), 50)), p95: round(percentile(sorted(tuned), 95)), runs };
    const o = { p50: round(percentile(sorted(orm), 50)), p95: round(percentile(sorted(orm), 95)), runs };
    results.push({
      dashboard: dashboard.key,
      label: dashboard.label,
      tuned: t,
      orm: o,
      ratioP50: Math.round((o.p50 / t.p50) * 100) / 100,
      ratioP95: Math.round((o.p95 / t.p95) * 100) / 100,
      faster: o.p50 < t.p50 ? "orm" : "tuned",
    });
  }
  return results;
}
