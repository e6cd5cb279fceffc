import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openBenchDatabase, type BenchDatabase } from "@/lib/bench/cluster";
import { BENCH_TABLES } from "@/lib/bench/load";
import { SETUP_SQL } from "@/lib/bench/load-sql";
import { renderBench, type BenchResult, type Machine } from "@/lib/bench/report";
import { writeSection } from "@/lib/bench/sections";
import { seededRandom } from "@/lib/bench/sample";
import { benchDatabaseName } from "@/lib/bench/scales";
import { BENCH_FLAGS, BENCH_USAGE, ZBenchArgsSchema } from "@/lib/bench/args";
import { fail, parseCli, runMain } from "./cli";

// npm run bench -- --scale small|medium|full
// Runs the report's workload through the app's own query functions on the
// benchmark database: first without the optimization indexes (primary keys,
// unique constraints and foreign-key indexes only), then with them, then at
// 1, 8 and 32 concurrent clients. Writes docs/benchmarks.md (its own section)
// and docs/benchmarks/bench-<scale>.json.

async function machine(ownerPool: pg.Pool): Promise<Machine> {
  const { rows } = await ownerPool.query<{ version: string }>("SELECT version()");
  const { rows: settings } = await ownerPool.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name = ANY ($1::text[]) ORDER BY name`,
    [
      [
        "shared_buffers",
        "effective_cache_size",
        "work_mem",
        "random_page_cost",
        "jit",
        "max_parallel_workers_per_gather",
      ],
    ],
  );
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: rows[0]!.version.split(",")[0]!,
    settings: Object.fromEntries(
      settings.map((s) => [
        s.name,
        s.unit === "8kB" ? `${(Number(s.setting) * 8) / 1024} MB` : `${s.setting}${s.unit ?? ""}`,
      ]),
    ),
  };
}

async function restoreStashed(ownerPool: pg.Pool, kind: string, log: (line: string) => void): Promise<void> {
  const { rows } = await ownerPool.query<{ index_name: string }>(
    "SELECT index_name FROM bench_index_stash WHERE kind = $1 ORDER BY index_name",
    [kind],
  );
  for (const [i, row] of rows.entries()) {
    log(`  rebuilding ${row.index_name} (${i + 1}/${rows.length})`);
    await ownerPool.query("SELECT bench_restore_index($1)", [row.index_name]);
  }
  if (rows.length > 0) await ownerPool.query("ANALYZE");
}

async function main(argv: string[]) {
  const args = parseCli(argv, { flags: BENCH_FLAGS, schema: ZBenchArgsSchema, usage: BENCH_USAGE });
  const log = (line: string) => console.error(line);
  const db: BenchDatabase = await openBenchDatabase(args.scale, { log });
  const ownerPool = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
  try {
    const { rows: meta } = await ownerPool
      .query<{ value: { seconds: number; rows: Record<string, number> } }>(
        "SELECT value FROM bench_meta WHERE key = 'load'",
      )
      .catch(() => ({ rows: [] as { value: { seconds: number; rows: Record<string, number> } }[] }));
    if (meta.length === 0)
      fail(`The ${args.scale} benchmark database is empty. Run \`npm run bench:load -- --scale ${args.scale}\` first.`);

    // The bench_* functions as this checkout defines them, and exact row counts.
    await ownerPool.query(SETUP_SQL);
    const { rows: counted } = await ownerPool.query<{ table_name: string; n: string }>(
      "SELECT table_name, n::text FROM bench_count_rows($1::text[])",
      [BENCH_TABLES],
    );
    const rowCounts = Object.fromEntries(counted.map((r) => [r.table_name, Number(r.n)]));

    // An interrupted run may have left the optimization indexes dropped.
    await restoreStashed(ownerPool, "optimization", log);

    // The app's modules read these when first used.
    process.env.APP_DATABASE_URL = db.appUrl;
    const { WORKLOAD } = await import("@/lib/bench/workload");
    const { loadBenchSample } = await import("@/lib/bench/sample");
    const { measureQuery, measureConcurrency, capturePlan } = await import("@/lib/bench/run");
    const explain = await import("@/lib/bench/explain");
    const { compareOrmToTuned } = await import("@/lib/bench/orm-compare");
    const { renderOrmComparison } = await import("@/lib/bench/report");
    const { getPoolSettings } = await import("@/lib/db/pool-config");

    // The flags name known keys only (lib/bench/args.ts).
    const workload = args.only ? WORKLOAD.filter((q) => args.only!.includes(q.key)) : WORKLOAD;
    const sample = await loadBenchSample(ownerPool);
    const rng = seededRandom(args.seed);
    const startedAt = new Date().toISOString();

    const context = await explain.loadPlanContext(ownerPool);
    const dbName = benchDatabaseName(args.scale);

    const measureAll = async (phase: string, budgetMs?: number) => {
      const measured = [];
      for (const query of workload) {
        const t0 = performance.now();
        const m = await measureQuery(query, sample, {
          runs: args.runs,
          warmup: phase === "before" ? Math.min(args.warmup, 3) : args.warmup,
          rng,
          budgetMs,
        });
        log(
          `${phase} ${query.key}: DB P95 ${m.measurement.db.p95.toFixed(2)} ms, e2e P95 ${m.measurement.e2e.p95.toFixed(2)} ms ` +
            `(${m.measurement.db.n} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
        measured.push({ query, ...m });
      }
      // Plans after the timed runs: auto_explain must not be loaded in the sessions that are timed.
      await explain.enableNestedPlans(ownerPool, dbName);
      const capture = explain.createPlanCapture(db.appUrl);
      try {
        for (const { query, measurement, lastParams } of measured) {
          measurement.plan = await capturePlan(query, lastParams, capture, context);
          log(`${phase} ${query.key}: ${measurement.plan.top} › ${measurement.plan.access ?? "–"}`);
        }
      } finally {
        await capture.close();
        await explain.disableNestedPlans(ownerPool, dbName);
      }
      return measured.map((m) => m.measurement);
    };

    let baseline = null;
    if (args.baseline) {
      const { rows: dropped } = await ownerPool.query<{ n: number }>(
        "SELECT bench_stash_indexes($1::text[], 'optimization') AS n",
        [BENCH_TABLES],
      );
      log(
        `Baseline: ${dropped[0]!.n} optimization indexes dropped (primary keys, unique and foreign-key indexes remain).`,
      );
      try {
        baseline = await measureAll("before", args["baseline-seconds"] * 1000);
      } finally {
        log("Rebuilding the optimization indexes…");
        await restoreStashed(ownerPool, "optimization", log);
      }
    }
    // A query slower than a second (the common-term search) would take most of an hour for 200 runs.
    const optimized = await measureAll("after", args["max-seconds"] * 1000);

    const concurrency = [];
    if (args["concurrency-seconds"] > 0) {
      for (const clients of args.clients) {
        // A multi-second query in the mix would only measure itself: it is timed alone above.
        const mix = workload.filter((q) => !args["concurrency-skip"].includes(q.key));
        const level = await measureConcurrency(mix, sample, {
          clients,
          seconds: args["concurrency-seconds"],
          rng,
        });
        log(
          `${clients} clients: ${level.throughput.toFixed(0)} req/s, P95 ${level.p95.toFixed(1)} ms, ${level.errors} errors`,
        );
        concurrency.push(level);
      }
    }

    const extra: string[] = [];
    {
      const { measureIdentityOverhead, formatIdentityOverhead } = await import("@/lib/db/identity-overhead");
      const planner = sample.planners[0]!;
      const overhead = await measureIdentityOverhead({
        appUrl: db.appUrl,
        identity: { kind: "user", userId: planner.userId, role: "planner" },
        runs: Math.max(1000, args.runs),
      });
      log("Identity transaction overhead measured.");
      extra.push(
        `#### The identity transaction's fixed cost (a trivial lookup, one client)\n\n${formatIdentityOverhead(overhead)}`,
      );
    }
    if (args.orm) {
      log("ORM-convenience dashboards against the tuned ones…");
      const orm = await compareOrmToTuned(sample, { runs: args.runs, warmup: args.warmup, seed: args.seed });
      extra.push(renderOrmComparison(orm));
    }

    const result: BenchResult = {
      scale: args.scale,
      startedAt,
      runs: args.runs,
      warmup: args.warmup,
      seed: args.seed,
      machine: await machine(ownerPool),
      rows: rowCounts,
      loadSeconds: meta[0]!.value.seconds ?? null,
      poolSize: getPoolSettings().main.max,
      baseline,
      optimized,
      concurrency,
      concurrencySkipped: args["concurrency-skip"],
      extra,
    };
    const markdown = renderBench(result);
    if (args.write) {
      const files = writeSection(path.resolve("docs"), `bench-${args.scale}`, markdown, result);
      log(`Wrote ${path.relative(process.cwd(), files.md)} and ${path.relative(process.cwd(), files.json)}.`);
    } else {
      process.stdout.write(`${markdown}\n`);
    }
  } finally {
    await ownerPool.end();
    await db.stop();
  }
}

runMain(import.meta.url, main);
