import autocannon from "autocannon";
import type { TRequestPlan, TScenario } from "./scenarios";
import { summarizeLatency, type TLatencySummary } from "./stats";

// Runs one scenario with autocannon: a check that each kind of request gets
// the page it should (so a wrong cookie or marker fails in a second, not after
// 30), an unmeasured warm-up, then the measured run. Every response is
// attributed to the variant that asked for it (common or rare search terms)
// and checked: a 2xx whose body is an error boundary or the rate-limit notice
// counts as a failure, like a non-2xx, a timeout or a connection error.

export type TRunOptions = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /**
   * Seconds autocannon waits for a response before it counts a timeout (default 30). Generous on
   * purpose: a connection that gives up and reconnects leaves the server working on the abandoned
   * request too, so the load would no longer be 50 requests at a time.
   */
  timeoutSeconds?: number;
  random?: () => number;
  /** Requests timed one at a time per variant before the warm-up (default 0). */
  aloneRequests?: number;
  /** Awaited between the warm-up and the measured run, e.g. until the server has finished the warm-up's requests. */
  settle?: () => Promise<unknown>;
  /** Called right before and right after the measured run (not the preflight or warm-up). */
  onMeasureStart?: () => void | Promise<void>;
  onMeasureEnd?: () => void | Promise<void>;
};

export type TVariantResult = {
  name: string;
  requests: number;
  requestsPerSecond: number;
  latency: TLatencySummary;
  non2xx: number;
  /** 2xx answers that were not the page asked for, by reason. */
  invalid: Record<string, number>;
  /** Median time of a request with nothing else running (before the warm-up); null when not measured. */
  aloneMs: number | null;
};

export type TScenarioResult = TVariantResult & {
  page: TScenario["page"];
  title: string;
  route: string;
  connections: number;
  durationSeconds: number;
  statusCounts: Record<string, number>;
  /** Connection errors, timeouts included (autocannon's `errors`). */
  errors: number;
  timeouts: number;
  /** Every request that failed in any way. */
  failures: number;
  variants: TVariantResult[];
};

export class PreflightError extends Error {}

type TTally = { times: number[]; statuses: Map<number, number>; invalid: Map<string, number> };
type TContext = { variant?: number };

const newTally = (): TTally => ({ times: [], statuses: new Map(), invalid: new Map() });
const is2xx = (status: number) => status >= 200 && status < 300;

function summarize(name: string, tally: TTally, seconds: number, aloneMs: number | null): TVariantResult {
  let non2xx = 0;
  for (const [status, count] of tally.statuses) if (!is2xx(status)) non2xx += count;
  return {
    name,
    requests: tally.times.length,
    requestsPerSecond: seconds > 0 ? Math.round((tally.times.length / seconds) * 10) / 10 : 0,
    latency: summarizeLatency(tally.times),
    non2xx,
    invalid: Object.fromEntries(tally.invalid),
    aloneMs,
  };
}

/**
 * Requests outside autocannon, one at a time: the first of each variant checks
 * that the page is the right one (PreflightError with what came back instead),
 * the next `timed` ones measure it with nothing else running. Resolves to the
 * timed requests' durations in milliseconds, per variant.
 */
export async function preflight(
  baseUrl: string,
  scenario: TScenario,
  random: () => number = Math.random,
  timed = 0,
): Promise<number[][]> {
  const timings: number[][] = [];
  for (const variant of scenario.variants) {
    const times: number[] = [];
    for (let i = 0; i <= timed; i++) {
      const plan = variant.next(random);
      const started = performance.now();
      const response = await fetch(new URL(plan.path, baseUrl), {
        headers: plan.headers,
        redirect: "manual",
        signal: AbortSignal.timeout(60_000),
      });
      const body = await response.text();
      if (i > 0) times.push(performance.now() - started);
      const location = response.headers.get("location");
      const problem = is2xx(response.status)
        ? scenario.checkBody(body)
        : `HTTP ${response.status}${location ? ` to ${location}` : ""}`;
      if (problem) {
        const text = body
          .replace(/<script[\s\S]*?<\/script>/g, " ")
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 300);
        throw new PreflightError(
          `${scenario.title} (${variant.name}): ${problem} for ${plan.path}. The page said: ${text}`,
        );
      }
    }
    timings.push(times);
  }
  return timings;
}

type TPhase = {
  tallies: TTally[];
  result: autocannon.Result;
};

function runPhase(baseUrl: string, scenario: TScenario, seconds: number, options: TRunOptions): Promise<TPhase> {
  const random = options.random ?? Math.random;
  const tallies = scenario.variants.map(newTally);
  let turn = 0;
  // autocannon calls onResponse and then emits "response" for the same answer,
  // synchronously: this carries the variant and verdict from one to the other.
  let answered: { variant: number; status: number; problem: string | null } | null = null;

  const requests: autocannon.Request[] = [
    {
      setupRequest: (request, context) => {
        // Variants take turns, so common and rare terms get the same share.
        const variant = turn++ % scenario.variants.length;
        (context as TContext).variant = variant;
        const plan: TRequestPlan = scenario.variants[variant]!.next(random);
        return { ...request, method: "GET", path: plan.path, headers: { ...plan.headers } };
      },
      onResponse: (status, body, context) => {
        const variant = (context as TContext).variant ?? 0;
        answered = { variant, status, problem: is2xx(status) ? scenario.checkBody(body) : null };
      },
    },
  ];

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        duration: seconds,
        timeout: options.timeoutSeconds ?? 30,
        pipelining: 1,
        requests,
      },
      (error, result) => (error ? reject(error) : resolve({ tallies, result })),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      const verdict = answered ?? { variant: 0, status: statusCode, problem: null };
      answered = null;
      const tally = tallies[verdict.variant]!;
      tally.times.push(responseTime);
      tally.statuses.set(statusCode, (tally.statuses.get(statusCode) ?? 0) + 1);
      if (verdict.problem) tally.invalid.set(verdict.problem, (tally.invalid.get(verdict.problem) ?? 0) + 1);
    });
  });
}

/** Preflight, warm-up, measured run. */
export async function runScenario(
  baseUrl: string,
  scenario: TScenario,
  options: TRunOptions,
): Promise<TScenarioResult> {
  const alone = await preflight(baseUrl, scenario, options.random, options.aloneRequests ?? 0);
  if (options.warmupSeconds > 0) {
    await runPhase(baseUrl, scenario, options.warmupSeconds, options);
    await options.settle?.();
  }
  await options.onMeasureStart?.();
  const { tallies, result } = await runPhase(baseUrl, scenario, options.durationSeconds, options);
  await options.onMeasureEnd?.();

  const seconds = result.duration;
  const total = newTally();
  for (const tally of tallies) {
    total.times.push(...tally.times);
    for (const [status, count] of tally.statuses) total.statuses.set(status, (total.statuses.get(status) ?? 0) + count);
    for (const [reason, count] of tally.invalid) total.invalid.set(reason, (total.invalid.get(reason) ?? 0) + count);
  }
  const median = (times: number[]) => (times.length > 0 ? summarizeLatency(times).p50 : null);
  const overall = summarize("all", total, seconds, median(alone.flat()));
  const invalidCount = Object.values(overall.invalid).reduce((sum, n) => sum + n, 0);
  return {
    ...overall,
    page: scenario.page,
    title: scenario.title,
    route: scenario.route,
    connections: options.connections,
    durationSeconds: Math.round(seconds * 10) / 10,
    statusCounts: Object.fromEntries([...total.statuses].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
    errors: result.errors,
    timeouts: result.timeouts,
    failures: overall.non2xx + invalidCount + result.errors,
    variants:
      scenario.variants.length > 1
        ? tallies.map((tally, i) => summarize(scenario.variants[i]!.name, tally, seconds, median(alone[i]!)))
        : [],
  };
}
