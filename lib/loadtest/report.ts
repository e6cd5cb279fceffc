import type { TScenarioResult, TVariantResult } from "./driver";
import type { TScenario } from "./scenarios";
import { isReferencePage, TARGET_P95_MS } from "./schema";
import type { TStatementStat } from "./statements";

// The load test's report: raw JSON for docs/benchmarks/loadtest.json and the
// markdown for its section of docs/benchmarks.md. A page meets the target
// when its P95 is at most 150 ms and not one request failed.

export type TMachine = {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  /** The 1-minute load average when the run began: above 0 means something else was busy too. */
  loadAverageAtStart?: number;
};

export type TCpuUse = {
  /** Whole machine, in cores busy on average (at most `cores`). */
  machineCores: number;
  /** The app server's processes. Null where /proc is not available. */
  serverCores: number | null;
  /** autocannon itself: it shares the machine with the server. */
  loadGeneratorCores: number;
};

export type TPageReport = TScenarioResult & {
  met: boolean;
  cpu: TCpuUse | null;
  /** The app role's top statements by execution time during the measured run; null when unavailable. */
  topStatements: TStatementStat[] | null;
  /** Why the page was not measured (its preflight failed, or the run broke); null when it was. */
  error: string | null;
};

export type TLoadReport = {
  tool: "loadtest";
  generatedAt: string;
  scale: string;
  target: { p95Ms: number; failures: 0 };
  settings: {
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
    planners: number;
    weddings: number;
    rsvpTokens: number;
    searchTerms: { common: number; rare: number };
    poolSize: number;
    statementTimeoutMs: number;
    /** The pool size the server reported in /api/metrics after the run, or null if it could not be read. */
    poolSizeReported: number | null;
    trustedProxyHeader: string;
  };
  machine: TMachine;
  database: { maxConnections: number; sharedBuffers: string };
  pages: TPageReport[];
};

export function meetsTarget(result: Pick<TVariantResult, "latency" | "requests">, failures: number): boolean {
  return result.requests > 0 && result.latency.p95 <= TARGET_P95_MS && failures === 0;
}

export function withVerdict(
  result: TScenarioResult,
  cpu: TCpuUse | null,
  topStatements: TStatementStat[] | null = null,
): TPageReport {
  return { ...result, met: meetsTarget(result, result.failures), cpu, topStatements, error: null };
}

/** A page that could not be measured: it misses the target, and the report says why. */
export function notMeasured(scenario: Pick<TScenario, "page" | "title" | "route">, error: string): TPageReport {
  return {
    name: "all",
    page: scenario.page,
    title: scenario.title,
    route: scenario.route,
    connections: 0,
    durationSeconds: 0,
    requests: 0,
    requestsPerSecond: 0,
    latency: { p50: 0, p95: 0, p99: 0, mean: 0, max: 0 },
    non2xx: 0,
    invalid: {},
    aloneMs: null,
    statusCounts: {},
    errors: 0,
    timeouts: 0,
    failures: 0,
    variants: [],
    met: false,
    cpu: null,
    topStatements: null,
    error,
  };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const count = (value: number) => value.toLocaleString("en-US");
const alone = (value: number | null) => (value === null ? "n/a" : ms(value));
const cores = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));

function invalidTotal(invalid: Record<string, number>): number {
  return Object.values(invalid).reduce((sum, n) => sum + n, 0);
}

function verdict(met: boolean, p95: number, failures: number, requests: number, reference = false): string {
  if (reference) return failures > 0 ? `reference (${count(failures)} failed)` : "reference, no target";
  if (met) return "met";
  const gaps: string[] = [];
  if (requests === 0) gaps.push("no responses");
  if (p95 > TARGET_P95_MS) gaps.push(`P95 +${ms(p95 - TARGET_P95_MS)} ms`);
  if (failures > 0) gaps.push(`${count(failures)} failed`);
  return `**missed** (${gaps.join(", ")})`;
}

function failureNotes(page: TPageReport): string[] {
  const notes: string[] = [];
  const statuses = Object.entries(page.statusCounts).filter(([status]) => !status.startsWith("2"));
  if (statuses.length > 0) notes.push(`status ${statuses.map(([s, n]) => `${s} × ${count(n)}`).join(", ")}`);
  for (const [reason, n] of Object.entries(page.invalid)) notes.push(`${reason} × ${count(n)}`);
  if (page.timeouts > 0) notes.push(`${count(page.timeouts)} timeouts`);
  const otherErrors = page.errors - page.timeouts;
  if (otherErrors > 0) notes.push(`${count(otherErrors)} connection errors`);
  return notes;
}

export function renderMarkdown(report: TLoadReport): string {
  const { settings, machine } = report;
  const lines: string[] = [];
  lines.push("## HTTP load test (`npm run loadtest`)");
  lines.push("");
  lines.push(
    `Run ${report.generatedAt.slice(0, 16).replace("T", " ")} UTC on the \`${report.scale}\` data: autocannon against a production build ` +
      `(\`next build\`, served by \`server.ts\` as \`npm start\` does), ${settings.connections} connections per page for ` +
      `${settings.durationSeconds} s after a ${settings.warmupSeconds} s warm-up, one page at a time. ` +
      `Target per page: P95 ≤ ${report.target.p95Ms} ms and no failed request.`,
  );
  lines.push("");
  lines.push("| Page | Route | Alone ms | Requests | Req/s | P50 ms | P95 ms | P99 ms | Non-2xx | Errors | Target |");
  lines.push("| ---- | ----- | -------: | -------: | ----: | -----: | -----: | -----: | ------: | -----: | ------ |");
  for (const page of report.pages) {
    if (page.error) {
      lines.push(`| ${page.title} | \`${page.route}\` | — | — | — | — | — | — | — | — | **missed** (not measured) |`);
      continue;
    }
    const errors = page.errors + invalidTotal(page.invalid);
    lines.push(
      `| ${page.title} | \`${page.route}\` | ${alone(page.aloneMs)} | ${count(page.requests)} | ${page.requestsPerSecond.toFixed(1)} | ` +
        `${ms(page.latency.p50)} | ${ms(page.latency.p95)} | ${ms(page.latency.p99)} | ${count(page.non2xx)} | ` +
        `${count(errors)} | ${verdict(page.met, page.latency.p95, page.failures, page.requests, isReferencePage(page.page))} |`,
    );
    for (const variant of page.variants) {
      const failures = variant.non2xx + invalidTotal(variant.invalid);
      const met = meetsTarget(variant, failures);
      lines.push(
        `| ↳ ${variant.name} | | ${alone(variant.aloneMs)} | ${count(variant.requests)} | ${variant.requestsPerSecond.toFixed(1)} | ` +
          `${ms(variant.latency.p50)} | ${ms(variant.latency.p95)} | ${ms(variant.latency.p99)} | ${count(variant.non2xx)} | ` +
          `${count(invalidTotal(variant.invalid))} | ${verdict(met, variant.latency.p95, failures, variant.requests, isReferencePage(page.page))} |`,
      );
    }
  }
  lines.push("");
  lines.push(
    "Alone: the median of 3 requests made one at a time before the page's warm-up, with nothing else running. " +
      "Errors are connection errors and timeouts (30 s), plus 2xx answers that were not the page asked for " +
      "(the error page, or the RSVP rate-limit notice, which answers 200).",
  );

  const failed = report.pages.filter((page) => page.failures > 0 || page.error);
  if (failed.length > 0) {
    lines.push("");
    lines.push("Failures:");
    for (const page of failed) {
      lines.push(
        `- ${page.title}: ${page.error ? `not measured: ${page.error}` : `${failureNotes(page).join("; ")}.`}`,
      );
    }
  }

  lines.push("");
  lines.push("Where the time goes (cores busy on average during each measured run, of " + machine.cores + "):");
  lines.push("");
  lines.push(
    "| Page | Machine | App server | Load generator | Rest (PostgreSQL, other) | Little's law: connections ÷ req/s |",
  );
  lines.push(
    "| ---- | ------: | ---------: | -------------: | -----------------------: | --------------------------------: |",
  );
  for (const page of report.pages) {
    const cpu = page.cpu;
    const rest =
      cpu && cpu.serverCores !== null ? Math.max(0, cpu.machineCores - cpu.serverCores - cpu.loadGeneratorCores) : null;
    const little =
      page.requestsPerSecond > 0 ? `${ms((settings.connections / page.requestsPerSecond) * 1000)} ms` : "n/a";
    lines.push(
      `| ${page.title} | ${cores(cpu?.machineCores ?? null)} | ${cores(cpu?.serverCores ?? null)} | ` +
        `${cores(cpu?.loadGeneratorCores ?? null)} | ${cores(rest)} | ${little} |`,
    );
  }
  lines.push("");
  lines.push(
    `With ${settings.connections} connections that each wait for their answer before asking again, the mean latency ` +
      `is the number of connections divided by the throughput. A P95 of ${report.target.p95Ms} ms at ` +
      `${settings.connections} connections therefore needs roughly ${count(Math.ceil((settings.connections / report.target.p95Ms) * 1000))} ` +
      "req/s or more per page; where the machine is already busy on all its cores, a page misses the target by the " +
      "amount its throughput falls short, and only less work per request or more cores close the gap.",
  );

  const withStatements = report.pages.filter((page) => page.topStatements && page.topStatements.length > 0);
  if (withStatements.length > 0) {
    lines.push("");
    lines.push(
      "Where the database's time went: the app role's top statements by total execution time during each measured " +
        "run (pg_stat_statements, reset before each page; the time includes waiting for a core).",
    );
    lines.push("");
    lines.push("| Page | Statement | Calls | Mean ms | Share |");
    lines.push("| ---- | --------- | ----: | ------: | ----: |");
    for (const page of withStatements) {
      for (const statement of page.topStatements!) {
        lines.push(
          `| ${page.title} | \`${statement.query.replace(/\|/g, "\\|").replace(/`/g, "'")}\` | ${count(statement.calls)} | ` +
            `${ms(statement.meanMs)} | ${Math.round(statement.share * 100)} % |`,
        );
      }
    }
  }

  lines.push("");
  lines.push("Setup:");
  lines.push(
    `- Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(0)} GiB memory, ${machine.os}, ` +
      `Node.js ${machine.node}, ${machine.postgres} on the same machine ` +
      `(max_connections ${report.database.maxConnections}, shared_buffers ${report.database.sharedBuffers}). ` +
      "The load generator runs on the same cores as the server and the database" +
      (machine.loadAverageAtStart === undefined
        ? "."
        : `; load average ${machine.loadAverageAtStart.toFixed(2)} at the start.`),
  );
  lines.push(
    `- App pool: \`DB_POOL_SIZE=${settings.poolSize}\`` +
      (settings.poolSizeReported === null
        ? ""
        : ` (the server reported ${settings.poolSizeReported} in /api/metrics)`) +
      `, \`DB_STATEMENT_TIMEOUT_MS=${settings.statementTimeoutMs}\`; why these values: docs/operations.md, ` +
      '"Sizing the app\'s connection pool".',
  );
  lines.push(
    `- Data spread: ${count(settings.planners)} bench planners signed in through next-auth's credentials flow, ` +
      `${count(settings.weddings)} of their weddings (all with guests), ${count(settings.rsvpTokens)} guest RSVP tokens, ` +
      `${settings.searchTerms.common} common and ${settings.searchTerms.rare} rare search terms (lib/bench/vocabulary.ts); ` +
      "every request picks its own at random.",
  );
  lines.push(
    `- The server ran with \`TRUSTED_PROXY_HEADER=${settings.trustedProxyHeader}\`, and the load test acted as that proxy: ` +
      "each planner and each guest sent its own address from 198.18.0.0/15 (RFC 2544's benchmark range, a header value " +
      "only). The per-address limits (RSVP 60 per minute, sign-in) stayed on and counted each simulated client as in " +
      "production; none answered 429 or its notice unless the table says so.",
  );
  lines.push(
    "- Raw numbers: [`docs/benchmarks/loadtest.json`](benchmarks/loadtest.json). Rerun: `npm run bench:load -- --scale " +
      `${report.scale}\` once, then \`npm run loadtest\` (\`-- --help\` lists the flags).`,
  );
  return lines.join("\n");
}

// The section writer is shared with `npm run bench`.
export { replaceSection } from "@/lib/bench/sections";
