import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { randomBytes } from "node:crypto";
import { createDatabaseIfMissing, dropDatabase, runtimeUrl, setRuntimePassword } from "@/lib/db/server";
import { withDatabase } from "@/lib/db/config";
import { migrate } from "@/lib/db/migrate";
import { startTestCluster } from "@/lib/test/cluster";
import { fail, runMain } from "./cli";
import { seedDatabase } from "./demo";
import { buildIsCurrent, recordBuild } from "./build-fingerprint";

// npm test: typecheck, lint, Vitest (unit + integration on throwaway
// databases), then Playwright against a production build on a seeded
// throwaway database. Everything runs on a test cluster of its own, so the
// dev data is never touched. Ends with one "N passed, N failed" line.

const STAGES = ["typecheck", "lint", "unit", "e2e"] as const;
const ZStage = z.enum(STAGES);

type Tally = { passed: number; failed: number };

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function readVitest(file: string): Tally {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites: number;
  };
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numFailedTestSuites };
}

function readPlaywright(file: string): Tally {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number };
  };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
}

async function main(argv: string[]) {
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only" && argv[i + 1]) only.push(...argv[++i]!.split(","));
    else fail(`Unknown option ${argv[i]}. Usage: npm test [-- --only ${STAGES.join(",")}]`);
  }
  const parsed = z.array(ZStage).safeParse(only);
  if (!parsed.success) fail(`--only takes ${STAGES.join(", ")}.`);
  const stages = new Set(parsed.data.length ? parsed.data : STAGES);

  const tally: Tally = { passed: 0, failed: 0 };
  const step = (name: string, code: number) => {
    console.log(`\n== ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`}\n`);
    if (code === 0) tally.passed++;
    else tally.failed++;
  };

  fs.mkdirSync("test-results", { recursive: true });
  if (stages.has("typecheck")) step("typecheck", await run("npx", ["--no-install", "tsc", "--noEmit"]));
  if (stages.has("lint")) step("lint", await run("npx", ["--no-install", "eslint", "--max-warnings", "0", "."]));

  if (stages.has("unit") || stages.has("e2e")) {
    const server = await startTestCluster();
    const adminUrl = server.urlFor("postgres");
    try {
      if (stages.has("unit")) {
        const out = path.resolve("test-results/vitest.json");
        fs.rmSync(out, { force: true });
        const code = await run(
          "npx",
          ["--no-install", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
          {
            TEST_PG_ADMIN_URL: adminUrl,
          },
        );
        const counts = readVitest(out);
        tally.passed += counts.passed;
        tally.failed += counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0);
        console.log(`\n== vitest: ${counts.passed} passed, ${counts.failed} failed\n`);
      }
      if (stages.has("e2e")) {
        const counts = await runE2e(adminUrl);
        tally.passed += counts.passed;
        tally.failed += counts.failed;
      }
    } finally {
      await server.stop();
    }
  }

  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  if (tally.failed > 0) process.exit(1);
}

async function runE2e(adminUrl: string): Promise<Tally> {
  const dbName = `wp_e2e_${process.pid}`;
  await dropDatabase(adminUrl, dbName);
  await createDatabaseIfMissing(adminUrl, dbName);
  const url = withDatabase(adminUrl, dbName);
  try {
    await migrate(url, path.resolve("prisma/migrations"));
    const password = randomBytes(12).toString("base64url");
    await setRuntimePassword(url, runtimeUrl(url, password));
    await seedDatabase(url);
    if (!buildIsCurrent()) {
      const built = await run("npx", ["--no-install", "next", "build"]);
      if (built !== 0) return { passed: 0, failed: 1 };
      recordBuild();
    }
    const out = path.resolve("test-results/playwright.json");
    fs.rmSync(out, { force: true });
    await run("npx", ["--no-install", "playwright", "test"], {
      E2E_APP_DATABASE_URL: runtimeUrl(url, password),
      // For tests that read fixtures the browser cannot see, such as a guest's RSVP token.
      E2E_OWNER_DATABASE_URL: url,
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    });
    const counts = readPlaywright(out);
    console.log(`\n== playwright: ${counts.passed} passed, ${counts.failed} failed\n`);
    return counts;
  } finally {
    await dropDatabase(adminUrl, dbName);
  }
}

runMain(import.meta.url, main);
