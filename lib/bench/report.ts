import type { OrmComparison } from "./orm-compare";
import type { PlanSummary } from "./plan";
import type { ConcurrencyLevel, QueryMeasurement } from "./run";
import { formatMs, formatRatio } from "./stats";

// The benchmark's markdown: a table like the report's 5.6 (before/after the
// optimization indexes), the end-to-end times against their targets, the
// concurrency runs and the machine. Pure: the runner writes it out.

/** End to end may exceed DB execution by this much at P95 (issue 6, point 5). */
export const E2E_OVERHEAD_BUDGET_MS = 1.5;

export type Machine = {
  cpus: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  settings: Record<string, string>;
};

export type BenchResult = {
  scale: string;
  startedAt: string;
  runs: number;
  warmup: number;
  seed: number;
  machine: Machine;
  rows: Record<string, number>;
  loadSeconds: number | null;
  poolSize: number;
  baseline: QueryMeasurement[] | null;
  optimized: QueryMeasurement[];
  concurrency: ConcurrencyLevel[];
  /** Workload keys left out of the concurrency runs (`--concurrency-skip`); absent in older results. */
  concurrencySkipped?: string[];
  extra: string[];
};

type Verdict = { met: boolean; text: string };

function skippedSentence(result: BenchResult): string {
  const skipped = result.concurrencySkipped ?? [];
  if (skipped.length === 0) return " Every query of the workload is in the mix.";
  const labels = new Map(result.optimized.map((m) => [m.key, m.label]));
  return ` Left out of the mix (\`--concurrency-skip\`): ${skipped.map((key) => labels.get(key) ?? key).join("; ")}.`;
}

export function dbVerdict(m: QueryMeasurement): Verdict {
  const met = m.db.p95 <= m.targetDbP95Ms;
  if (met) return { met, text: "met" };
  return {
    met,
    text: `missed by ${formatMs(m.db.p95 - m.targetDbP95Ms)} (${formatRatio(m.db.p95, m.targetDbP95Ms)} the target)`,
  };
}

export function e2eVerdict(m: QueryMeasurement): Verdict {
  const limit = m.db.p95 + E2E_OVERHEAD_BUDGET_MS;
  const met = m.e2e.p95 <= limit;
  return met ? { met, text: "met" } : { met, text: `missed by ${formatMs(m.e2e.p95 - limit)}` };
}

export function planText(plan: PlanSummary | null): string {
  if (!plan) return "–";
  return plan.access && plan.access !== plan.top ? `${plan.top} › ${plan.access}` : plan.top;
}

const triple = (s: { p50: number; p95: number; p99: number }) =>
  `${formatMs(s.p50)} / ${formatMs(s.p95)} / ${formatMs(s.p99)}`;
const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderBench(result: BenchResult): string {
  const lines: string[] = [];
  const base = new Map((result.baseline ?? []).map((m) => [m.key, m]));
  lines.push(
    `### Scale \`${result.scale}\`, run ${result.startedAt}`,
    "",
    `${result.runs} runs per query after ${result.warmup} warm-up runs, random parameters (seed ${result.seed}), one client, warm cache. ` +
      "DB = EXPLAIN ANALYZE's execution time of the query's main statement, run as the same person (row-level security applies). " +
      "End to end = the app's own query function: pool, identity transaction, RLS, result mapping.",
    "",
    "#### DB execution, without and with the optimization indexes (report 5.6)",
    "",
    "| Query | Before: P50 / P95 / P99 | After: P50 / P95 / P99 | Improvement (P95) | Plan before | Plan after | Target (P95) | Verdict |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const m of result.optimized) {
    const b = base.get(m.key);
    const before = b ? `${triple(b.db)}${b.capped ? ` (n=${b.db.n})` : ""}` : "not run";
    lines.push(
      `| ${cell(m.label)} | ${before} | ${triple(m.db)} | ${b ? formatRatio(b.db.p95, m.db.p95) : "–"} | ${cell(planText(b?.plan ?? null))} | ${cell(planText(m.plan))} | ≤ ${formatMs(m.targetDbP95Ms)} | ${dbVerdict(m).text} |`,
    );
  }
  lines.push(
    "",
    `#### End to end through the app (target: DB P95 + ${E2E_OVERHEAD_BUDGET_MS} ms)`,
    "",
    "| Query | DB P95 | Planning P95 | End to end: P50 / P95 / P99 | Overhead (P95) | Verdict | Scans (after) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const m of result.optimized) {
    lines.push(
      `| ${cell(m.label)} | ${formatMs(m.db.p95)} | ${formatMs(m.planning.p95)} | ${triple(m.e2e)} | ${formatMs(m.e2e.p95 - m.db.p95)} | ${e2eVerdict(m).text} | ${cell(scanText(m.plan))} |`,
    );
  }
  if (result.concurrency.length > 0) {
    const keys = result.optimized.map((m) => m.key);
    const labels = new Map(result.optimized.map((m) => [m.key, m.label]));
    lines.push(
      "",
      `#### Concurrent clients (app pool: ${result.poolSize} connections)`,
      "",
      "Each client calls the workload's functions in turn with random parameters." +
        skippedSentence(result),
      "",
      `| Clients | Seconds | Requests | Throughput (req/s) | P50 | P95 | P99 | Errors |`,
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const level of result.concurrency) {
      lines.push(
        `| ${level.clients} | ${level.seconds.toFixed(0)} | ${level.requests} | ${level.throughput.toFixed(0)} | ${formatMs(level.p50)} | ${formatMs(level.p95)} | ${formatMs(level.p99)} | ${level.errors} |`,
      );
    }
    lines.push("", `| Query | ${result.concurrency.map((l) => `P95 at ${l.clients}`).join(" | ")} |`);
    lines.push(`| --- | ${result.concurrency.map(() => "---").join(" | ")} |`);
    for (const key of keys) {
      lines.push(
        `| ${cell(labels.get(key)!)} | ${result.concurrency.map((l) => (l.perQuery[key] ? formatMs(l.perQuery[key]!.p95) : "–")).join(" | ")} |`,
      );
    }
  }
  for (const block of result.extra) lines.push("", block.trim());
  lines.push("", "#### Machine and data", "", ...renderMachine(result));
  return lines.join("\n");
}

function scanText(plan: PlanSummary | null): string {
  if (!plan || plan.scans.length === 0) return "–";
  const distinct = [...new Set(plan.scans.map((scan) => scanLabel(scan)))];
  return distinct.join("; ");
}

// Partitions of one table read alike count once: "Index Scan using idx on booking (3 partitions)".
function scanLabel(scan: PlanSummary["scans"][number]): string {
  if (scan.table && scan.relation && scan.table !== scan.relation) {
    return `${scan.nodeType}${scan.parentIndex ? ` using ${scan.parentIndex}` : ""} on ${scan.table} (partitions)`;
  }
  return scan.description;
}

function renderMachine(result: BenchResult): string[] {
  const m = result.machine;
  const rows = Object.entries(result.rows)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, n]) => `${table} ${n.toLocaleString("en")}`)
    .join(", ");
  return [
    `- CPU: ${m.cores} × ${m.cpus}; memory ${m.memoryGiB} GiB; Node ${m.node}; ${m.postgres}.`,
    `- Server settings: ${Object.entries(m.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}.`,
    `- Rows: ${rows}.`,
    result.loadSeconds === null
      ? "- Load time: unknown."
      : `- \`npm run bench:load\` took ${(result.loadSeconds / 60).toFixed(1)} min.`,
  ];
}

export function renderOrmComparison(rows: readonly OrmComparison[]): string {
  const lines = [
    "#### The ORM path against the tuned queries",
    "",
    "Each dashboard written the ORM-convenience way (nested Prisma `select`/`include`, `lib/bench/orm-dashboards.ts`) " +
      "against the tuned statement the app runs, in one run, alternating which goes first. The app keeps the faster.",
    "",
    "| Dashboard | Tuned P50 / P95 | ORM P50 / P95 | ORM ÷ tuned (P50) | Kept |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${cell(r.label)} | ${formatMs(r.tuned.p50)} / ${formatMs(r.tuned.p95)} | ${formatMs(r.orm.p50)} / ${formatMs(r.orm.p95)} | ${r.ratioP50.toFixed(1)}× | ${r.faster} |`,
    );
  }
  return lines.join("\n");
}
