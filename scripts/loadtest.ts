import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import prettier from "prettier";
import { openBenchDatabase } from "@/lib/bench/cluster";
import { BENCH_PLANNER_PASSWORD } from "@/lib/bench/scales";
import { BENCH_TERMS } from "@/lib/bench/vocabulary";
import { assertPortFree } from "@/lib/db/embedded-server";
import { readReportedPoolSize, startAppServer, waitUntilIdle, type TAppServer } from "@/lib/loadtest/app-server";
import { PreflightError, runScenario } from "@/lib/loadtest/driver";
import {
  FixtureError,
  readBenchSample,
  readDatabaseInfo,
  toFixture,
  type TPlannerAccount,
} from "@/lib/loadtest/fixture";
import { describeMachine, startCpuMeasure, stopCpuMeasure } from "@/lib/loadtest/machine";
import {
  notMeasured,
  renderMarkdown,
  replaceSection,
  withVerdict,
  type TCpuUse,
  type TLoadReport,
  type TPageReport,
} from "@/lib/loadtest/report";
import { buildScenarios, clientAddress } from "@/lib/loadtest/scenarios";
import {
  isReferencePage,
  LOADTEST_FLAGS,
  LOADTEST_USAGE,
  TARGET_P95_MS,
  ZLoadtestArgsSchema,
} from "@/lib/loadtest/schema";
import { signInWithCredentials } from "@/lib/loadtest/sign-in";
import { readTopAppStatements, resetAppStatements, type TStatementStat } from "@/lib/loadtest/statements";
import { buildIsCurrent, recordBuild } from "./build-fingerprint";
import { fail, parseCli, runMain } from "./cli";

// npm run loadtest: autocannon against a production build of the app on the
// benchmark data (npm run bench:load -- --scale medium first), one page at a
// time, and the results into docs/benchmarks.md (its loadtest section) and
// docs/benchmarks/loadtest.json. The flags are in lib/loadtest/schema.ts.

const TRUSTED_PROXY_HEADER = "x-forwarded-for";
const SIGN_IN_CONCURRENCY = 4;
const TOP_STATEMENTS = 3;
const ALONE_REQUESTS = 3;

async function signInAll(baseUrl: string, accounts: TPlannerAccount[]) {
  const sessions: { account: TPlannerAccount; cookie: string }[] = new Array(accounts.length);
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const index = next++;
      const account = accounts[index]!;
      const cookie = await signInWithCredentials(baseUrl, {
        email: account.email,
        password: BENCH_PLANNER_PASSWORD,
        // The same address the planner's page requests then come from.
        headers: { [TRUSTED_PROXY_HEADER]: clientAddress(index) },
      });
      sessions[index] = { account, cookie };
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGN_IN_CONCURRENCY, accounts.length) }, worker));
  return sessions;
}

function buildIfChanged() {
  if (buildIsCurrent()) {
    console.log("The production build is current.");
    return;
  }
  console.log("Building the app (next build) ...");
  const result = spawnSync("npx", ["--no-install", "next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) fail("next build failed; see the output above.");
  recordBuild();
}

async function writeResults(report: TLoadReport) {
  const docs = path.resolve("docs");
  fs.mkdirSync(path.join(docs, "benchmarks"), { recursive: true });
  const jsonFile = path.join(docs, "benchmarks", "loadtest.json");
  fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  const mdFile = path.join(docs, "benchmarks.md");
  const current = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, "utf8") : "";
  // Formatted as `npm run format` would, so that formatting the docs changes nothing.
  const options = (await prettier.resolveConfig(mdFile)) ?? {};
  const section = await prettier.format(renderMarkdown(report), { ...options, parser: "markdown" });
  fs.writeFileSync(mdFile, replaceSection(current, "loadtest", section));
  console.log(
    `\nWrote ${path.relative(process.cwd(), mdFile)} (loadtest section) and ${path.relative(process.cwd(), jsonFile)}.`,
  );
}

async function main(argv: string[]) {
  if (argv.includes("--help")) {
    console.log(LOADTEST_USAGE);
    return;
  }
  const args = parseCli(argv, { flags: LOADTEST_FLAGS, schema: ZLoadtestArgsSchema, usage: LOADTEST_USAGE });
  const [load1] = os.loadavg();
  if (load1! > os.cpus().length) {
    console.warn(`Warning: the machine is busy (load average ${load1!.toFixed(1)}); the results will show it.`);
  }
  await assertPortFree(args.port, "--port");

  const db = await openBenchDatabase(args.scale, { log: (line) => console.log(line) });
  let server: TAppServer | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await server?.stop();
      await db.stop();
    })());
  const interrupt = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);

  try {
    const sample = await readBenchSample(db.ownerUrl, { planners: args.planners, tokens: args.tokens }).catch(
      (error: unknown) => {
        if (error instanceof FixtureError) fail(`${error.message.replace("…", args.scale)}`);
        throw error;
      },
    );
    const database = await readDatabaseInfo(db.ownerUrl);
    const weddings = sample.planners.reduce((sum, planner) => sum + planner.weddingIds.length, 0);
    console.log(
      `Spreading the load over ${sample.planners.length} planners, ${weddings} weddings and ${sample.rsvpTokens.length} RSVP tokens.`,
    );

    buildIfChanged();
    const serverEnv = {
      DB_POOL_SIZE: String(args.poolSize),
      DB_STATEMENT_TIMEOUT_MS: String(args.statementTimeoutMs),
      TRUSTED_PROXY_HEADER,
    };
    server = await startAppServer({
      port: args.port,
      appDatabaseUrl: db.appUrl,
      env: serverEnv,
      logFile: path.resolve(".data/loadtest/server.log"),
    });
    console.log(`Production server ready on ${server.baseUrl} (log: ${path.relative(process.cwd(), server.logFile)}).`);

    console.log(`Signing in ${sample.planners.length} planners ...`);
    const sessions = await signInAll(server.baseUrl, sample.planners);
    const terms = { common: [...BENCH_TERMS.common], rare: [...BENCH_TERMS.rare] };
    const fixture = toFixture(sessions, sample.rsvpTokens, terms);

    const statements = await resetAppStatements(db.ownerUrl).catch(() => false);
    if (!statements)
      console.log("pg_stat_statements is not available: the report will not name the slowest statements.");

    const pages: TPageReport[] = [];
    for (const scenario of buildScenarios(fixture, args.pages)) {
      const settled = await waitUntilIdle(server);
      console.log(
        `\n${scenario.title}: ${args.warmup} s warm-up, then ${args.duration} s at ${args.connections} connections` +
          (settled >= 1 ? ` (waited ${settled} s for the previous page's requests to finish) ...` : " ..."),
      );
      const pid = server.pid;
      let mark: ReturnType<typeof startCpuMeasure> | null = null;
      let cpu: TCpuUse | null = null;
      let top: TStatementStat[] | null = null;
      try {
        const result = await runScenario(server.baseUrl, scenario, {
          connections: args.connections,
          durationSeconds: args.duration,
          warmupSeconds: args.warmup,
          aloneRequests: ALONE_REQUESTS,
          settle: () => waitUntilIdle(server!),
          onMeasureStart: async () => {
            if (statements) await resetAppStatements(db.ownerUrl);
            mark = startCpuMeasure(pid);
          },
          onMeasureEnd: async () => {
            cpu = mark && stopCpuMeasure(mark, pid);
            if (statements) top = await readTopAppStatements(db.ownerUrl, TOP_STATEMENTS);
          },
        });
        const page = withVerdict(result, cpu, top);
        pages.push(page);
        console.log(
          `  ${page.requests} requests, ${page.requestsPerSecond} req/s, P50 ${page.latency.p50} ms, P95 ${page.latency.p95} ms, ` +
            `P99 ${page.latency.p99} ms, ${page.failures} failed: ${isReferencePage(page.page) ? "reference, no target" : page.met ? "target met" : `target (P95 ≤ ${TARGET_P95_MS} ms, no failures) missed`}`,
        );
      } catch (error) {
        // One page that cannot be measured must not cost the others' results.
        if (!(error instanceof PreflightError)) console.error(error);
        const message = error instanceof Error ? error.message : String(error);
        console.log(`  not measured: ${message}`);
        pages.push(notMeasured(scenario, message));
      }
    }

    const poolSizeReported = await readReportedPoolSize(server);
    const report: TLoadReport = {
      tool: "loadtest",
      generatedAt: new Date().toISOString(),
      scale: args.scale,
      target: { p95Ms: TARGET_P95_MS, failures: 0 },
      settings: {
        connections: args.connections,
        durationSeconds: args.duration,
        warmupSeconds: args.warmup,
        planners: sample.planners.length,
        weddings,
        rsvpTokens: sample.rsvpTokens.length,
        searchTerms: { common: terms.common.length, rare: terms.rare.length },
        poolSize: args.poolSize,
        statementTimeoutMs: args.statementTimeoutMs,
        poolSizeReported,
        trustedProxyHeader: TRUSTED_PROXY_HEADER,
      },
      machine: { ...describeMachine(database.postgres), loadAverageAtStart: Math.round(load1! * 100) / 100 },
      database: { maxConnections: database.maxConnections, sharedBuffers: database.sharedBuffers },
      pages,
    };
    await writeResults(report);
    const missed = pages.filter((page) => !page.met && !isReferencePage(page.page)).map((page) => page.title);
    console.log(missed.length ? `Target missed by: ${missed.join(", ")}.` : "Every page met the target.");
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    await cleanup();
  }
}

runMain(import.meta.url, main);
