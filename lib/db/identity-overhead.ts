import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { createAppClient } from "./client";
import { createReadPool, readAs } from "./read-as";
import { percentile } from "@/lib/bench/stats";
import { identityStatement, withIdentity, type Identity } from "./with-identity";

// The fixed cost of the identity transaction that row-level security needs
// (issue 6, point 5), measured on a trivial RLS-filtered lookup:
// - bare: one pg round trip, SELECT 1, no transaction (the floor);
// - withIdentity: today's path, a Prisma interactive transaction
//   (BEGIN, set_config, the lookup, COMMIT: four round trips);
// - lean: readAs, the same four statements pipelined in one round trip;
// - alternatives, for the record: Prisma's batch $transaction([...]), and the
//   same four statements on plain pg, one round trip each.
// Each method has a connection of its own; the methods take turns within
// every run, so a busy moment of the machine hits them all alike. DB execution
// of the lookup (EXPLAIN ANALYZE: planning + execution) is measured too: the
// target is end to end <= DB execution + 1.5 ms at P95.

export type LatencySummary = { runs: number; p50Ms: number; p95Ms: number; p99Ms: number; meanMs: number };

export type IdentityOverheadOptions = {
  /** The database as the app's runtime role (wedding_app), so that row-level security applies. */
  appUrl: string;
  identity: Identity;
  /** Timed runs per method; 1000 by default. */
  runs?: number;
  /** Untimed runs per method first; 10% of runs (at least 20) by default. */
  warmup?: number;
  /** The lookup; by default the person's own row (users by primary key) or, for a guest, their guest row. */
  lookup?: Prisma.Sql;
};

export type IdentityOverhead = {
  identity: string;
  lookup: string;
  bare: LatencySummary;
  withIdentity: LatencySummary;
  lean: LatencySummary;
  alternatives: { prismaBatch: LatencySummary; pgSequential: LatencySummary };
  /** The lookup's planning + execution time inside PostgreSQL. */
  lookupDb: LatencySummary;
  /** End to end P95 minus DB execution P95: the cost the 1.5 ms target is about. */
  overheadP95Ms: { withIdentity: number; lean: number };
};

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) throw new Error("No samples to summarize.");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    runs: sorted.length,
    p50Ms: round(at(50)),
    p95Ms: round(at(95)),
    p99Ms: round(at(99)),
    meanMs: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
  };
}

function defaultLookup(identity: Identity): Prisma.Sql {
  return identity.kind === "user"
    ? Prisma.sql`SELECT user_id, email, role::text AS role FROM users WHERE user_id = ${identity.userId}`
    : Prisma.sql`SELECT guest_id, full_name FROM guest WHERE qr_code = ${identity.guestToken}`;
}

function describe(identity: Identity): string {
  return identity.kind === "user" ? `${identity.role} ${identity.userId}` : "guest";
}

type Method = () => Promise<unknown>;

export async function measureIdentityOverhead(options: IdentityOverheadOptions): Promise<IdentityOverhead> {
  const runs = options.runs ?? 1000;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("runs must be a whole number of at least 1.");
  const warmup = options.warmup ?? Math.max(20, Math.round(runs / 10));
  const { identity } = options;
  const lookup = options.lookup ?? defaultLookup(identity);

  const bare = new pg.Client({ connectionString: options.appUrl });
  const sequential = new pg.Client({ connectionString: options.appUrl });
  const prisma = createAppClient({ url: options.appUrl, poolSize: 1, applicationName: "identity-overhead" });
  const readPool = createReadPool({ url: options.appUrl, max: 1, name: "identity-overhead" });
  await bare.connect();
  await sequential.connect();
  try {
    const methods: Record<string, Method> = {
      bare: () => bare.query("SELECT 1"),
      withIdentity: () => withIdentity(identity, (tx) => tx.$queryRaw(lookup), { client: prisma }),
      lean: () => readAs(identity, lookup, { pool: readPool }),
      prismaBatch: () =>
        prisma.$transaction([prisma.$executeRaw(identityStatement(identity)), prisma.$queryRaw(lookup)]),
      pgSequential: async () => {
        const set = identityStatement(identity);
        await sequential.query("BEGIN");
        try {
          await sequential.query(set.text, set.values);
          await sequential.query(lookup.text, lookup.values);
        } finally {
          await sequential.query("COMMIT");
        }
      },
    };
    const names = Object.keys(methods);
    const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const rowCounts = new Map<string, number>();
    for (let run = 0; run < warmup + runs; run++) {
      for (const name of names) {
        const started = performance.now();
        const result = await methods[name]!();
        const ms = performance.now() - started;
        if (run >= warmup) samples[name]!.push(ms);
        else if (name === "lean" || name === "withIdentity") rowCounts.set(name, (result as unknown[]).length);
      }
    }
    if (rowCounts.get("lean") !== rowCounts.get("withIdentity")) {
      throw new Error("The lean path and withIdentity returned different rows for the same lookup.");
    }
    const lookupDb = await measureLookupInDb(identity, lookup, prisma, Math.min(runs, 500));
    const result = {
      bare: summarize(samples.bare!),
      withIdentity: summarize(samples.withIdentity!),
      lean: summarize(samples.lean!),
      alternatives: { prismaBatch: summarize(samples.prismaBatch!), pgSequential: summarize(samples.pgSequential!) },
    };
    const over = (summary: LatencySummary) => Math.round((summary.p95Ms - lookupDb.p95Ms) * 1000) / 1000;
    return {
      identity: describe(identity),
      lookup: lookup.text,
      ...result,
      lookupDb,
      overheadP95Ms: { withIdentity: over(result.withIdentity), lean: over(result.lean) },
    };
  } finally {
    await bare.end();
    await sequential.end();
    await prisma.$disconnect();
    await readPool.pool.end();
  }
}

type Plan = [{ "Planning Time": number; "Execution Time": number }];

async function measureLookupInDb(
  identity: Identity,
  lookup: Prisma.Sql,
  prisma: ReturnType<typeof createAppClient>,
  runs: number,
): Promise<LatencySummary> {
  const explain = Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${lookup}`;
  const times = await withIdentity(
    identity,
    async (tx) => {
      const out: number[] = [];
      for (let run = 0; run < runs; run++) {
        const [row] = await tx.$queryRaw<{ "QUERY PLAN": Plan }[]>(explain);
        const [plan] = row!["QUERY PLAN"];
        out.push(plan["Planning Time"] + plan["Execution Time"]);
      }
      return out;
    },
    { client: prisma, timeoutMs: 120_000 },
  );
  return summarize(times);
}

/** The markdown table for docs/benchmarks.md. */
export function formatIdentityOverhead(result: IdentityOverhead): string {
  const row = (label: string, s: LatencySummary) =>
    `| ${label} | ${s.p50Ms.toFixed(2)} | ${s.p95Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} |`;
  return [
    `Trivial RLS-filtered lookup as ${result.identity}, ${result.lean.runs} runs each (ms):`,
    "",
    "| Path | P50 | P95 | P99 |",
    "| --- | ---: | ---: | ---: |",
    row("Bare pg round trip (`SELECT 1`, no identity)", result.bare),
    row("Lookup inside PostgreSQL (EXPLAIN ANALYZE)", result.lookupDb),
    row("withIdentity (Prisma interactive transaction)", result.withIdentity),
    row("readAs (pipelined: one round trip)", result.lean),
    row("Prisma batch `$transaction([...])`", result.alternatives.prismaBatch),
    row("pg, four sequential round trips", result.alternatives.pgSequential),
    "",
    `Overhead over DB execution at P95: withIdentity ${result.overheadP95Ms.withIdentity.toFixed(2)} ms, ` +
      `readAs ${result.overheadP95Ms.lean.toFixed(2)} ms (target: at most 1.5 ms).`,
  ].join("\n");
}
