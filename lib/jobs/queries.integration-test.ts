import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBooking, createBookingFixture } from "@/lib/test/booking-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { JobDefinition } from "./definitions";
import type * as Queries from "./queries";
import { JOBS } from "./registry";
import { runJob } from "./run-job";
import { DEFAULT_JOB_RUN_FILTERS } from "./schema";

// What /admin/jobs reads: each job's last run and last success, the rows left
// in default partitions, and the run history with its filters and pages.

let db: TestDatabase;
let pool: pg.Pool;
let queries: typeof Queries;
let disconnectApp: () => Promise<void>;
let plannerUserId: number;

const ADMIN = { kind: "user", userId: 1, role: "admin" } as const;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  process.env.APP_DATABASE_URL = db.appUrl;
  queries = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const fixture = await createBookingFixture(db.pool);
  plannerUserId = fixture.plannerUserId;
  // Far beyond every partition: it stays in booking_default.
  await addBooking(db.pool, fixture, { venue: true }, "2045-02-14");
});

afterAll(async () => {
  await disconnectApp?.();
  await pool?.end();
  await db?.drop();
});

const [partitionJob, refreshJob] = JOBS as [JobDefinition, JobDefinition];

describe("getJobsOverview", () => {
  it("lists every job, never run, before anything ran", async () => {
    const overview = await queries.getJobsOverview(ADMIN);
    expect(overview.jobs.map((j) => [j.name, j.lastRun, j.lastSuccessAt])).toEqual([
      ["partition-maintenance", null, null],
      ["refresh-monthly-revenue", null, null],
    ]);
    expect(overview.defaultPartitions).toBeNull();
  });

  it("shows each job's last run, with its duration, status, error and summary, and the default-partition rows", async () => {
    await runJob(pool, partitionJob, { source: "once", today: "2026-11-24" });
    await runJob(pool, refreshJob, { source: "once" });
    const failing: JobDefinition = {
      ...refreshJob,
      run: async () => {
        throw new Error("could not obtain lock on materialized view");
      },
    };
    await runJob(pool, failing, { source: "queue", attempt: 2 });

    const overview = await queries.getJobsOverview(ADMIN);
    const [partitions, refresh] = overview.jobs;
    expect(partitions!.lastRun).toMatchObject({ status: "succeeded", source: "once", error: null });
    expect(partitions!.lastRun!.durationMs).toBeGreaterThanOrEqual(0);
    expect(partitions!.lastRun!.summary).toBe(
      "all partitions already there; 1 row in booking_default (2045-02-14 to 2045-02-14); current-year index starts 2026-01-01",
    );
    expect(refresh!.lastRun).toMatchObject({
      status: "failed",
      source: "queue",
      attempt: 2,
      error: "could not obtain lock on materialized view",
      summary: null,
    });
    expect(refresh!.lastSuccessAt).not.toBeNull();
    expect(overview.defaultPartitions?.rows).toEqual([
      { parent: "booking", rows: 1, minKey: "2045-02-14", maxKey: "2045-02-14" },
    ]);
  });

  it("shows a planner nothing", async () => {
    const overview = await queries.getJobsOverview({ kind: "user", userId: plannerUserId, role: "planner" });
    expect(overview.jobs.every((j) => j.lastRun === null)).toBe(true);
    expect(overview.defaultPartitions).toBeNull();
  });
});

describe("listJobRuns", () => {
  it("filters by job and status, newest first, and pages", async () => {
    for (let i = 0; i < 26; i++) await runJob(pool, refreshJob, { source: "once" });
    const all = await queries.listJobRuns(ADMIN, DEFAULT_JOB_RUN_FILTERS);
    expect(all.total).toBe(29);
    expect(all.pageCount).toBe(2);
    expect(all.rows).toHaveLength(25);
    const started = all.rows.map((r) => r.startedAt);
    expect(started).toEqual([...started].sort().reverse());

    const second = await queries.listJobRuns(ADMIN, { ...DEFAULT_JOB_RUN_FILTERS, page: 2 });
    expect(second.rows).toHaveLength(4);
    expect(second.rows.at(-1)!.jobName).toBe("partition-maintenance");

    const failed = await queries.listJobRuns(ADMIN, { ...DEFAULT_JOB_RUN_FILTERS, status: "failed" });
    expect(failed.rows.map((r) => [r.jobName, r.error])).toEqual([
      ["refresh-monthly-revenue", "could not obtain lock on materialized view"],
    ]);
    const partitions = await queries.listJobRuns(ADMIN, { ...DEFAULT_JOB_RUN_FILTERS, job: "partition-maintenance" });
    expect(partitions.total).toBe(1);
    expect(partitions.rows[0]!.title).toBe("Partition maintenance");

    // A page past the end shows the last page.
    expect((await queries.listJobRuns(ADMIN, { ...DEFAULT_JOB_RUN_FILTERS, page: 99 })).page).toBe(2);
    // Longest first: every finished run has a duration.
    const longest = await queries.listJobRuns(ADMIN, { ...DEFAULT_JOB_RUN_FILTERS, sort: "duration" });
    const durations = longest.rows.map((r) => r.durationMs!);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
  });

  it("shows a planner no runs", async () => {
    const page = await queries.listJobRuns(
      { kind: "user", userId: plannerUserId, role: "planner" },
      DEFAULT_JOB_RUN_FILTERS,
    );
    expect(page).toMatchObject({ rows: [], total: 0, page: 1 });
  });
});
