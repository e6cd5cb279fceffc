import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_RUN_FILTERS, jobRunsHref, parseJobRunSearchParams, summarizeJobResult } from "./schema";

const partitionResult = {
  today: "2030-06-15",
  created: [
    { partition: "booking_2031_q1", from: "2031-01-01", to: "2031-04-01", movedRows: 0 },
    { partition: "payment_2031_02", from: "2031-02-01", to: "2031-03-01", movedRows: 2 },
  ],
  defaultRows: [
    { parent: "booking", rows: 1, minKey: "2040-05-01", maxKey: "2040-05-01" },
    { parent: "payment", rows: 0, minKey: null, maxKey: null },
  ],
  currentYearIndex: { start: "2030-01-01", previous: "2029-01-01", rebuilt: true, partitions: 45 },
};

describe("summarizeJobResult", () => {
  it("describes a partition maintenance run", () => {
    expect(summarizeJobResult("partition-maintenance", partitionResult)).toBe(
      "created 2 partitions (2 rows moved out of a default partition); 1 row in booking_default (2040-05-01 to 2040-05-01); " +
        "current-year index rebuilt from 2030-01-01 on 45 partitions",
    );
  });

  it("describes a quiet run", () => {
    const quiet = {
      ...partitionResult,
      created: [],
      defaultRows: partitionResult.defaultRows.map((d) => ({ ...d, rows: 0 })),
      currentYearIndex: { start: "2030-01-01", previous: "2030-01-01", rebuilt: false, partitions: 0 },
    };
    expect(summarizeJobResult("partition-maintenance", quiet)).toBe(
      "all partitions already there; default partitions empty; current-year index starts 2030-01-01",
    );
  });

  it("describes a revenue refresh", () => {
    const result = { view: "mv_monthly_revenue", mode: "concurrently", rows: 1, durationMs: 12, refreshedAt: "x" };
    expect(summarizeJobResult("refresh-monthly-revenue", result)).toBe("1 row, refreshed concurrently in 12 ms");
    expect(summarizeJobResult("refresh-monthly-revenue", { ...result, mode: "initial", rows: 3 })).toBe(
      "3 rows, refreshed for the first time in 12 ms",
    );
  });

  it("says nothing about results it does not recognise", () => {
    expect(summarizeJobResult("partition-maintenance", { created: "many" })).toBeNull();
    expect(summarizeJobResult("refresh-monthly-revenue", null)).toBeNull();
    expect(summarizeJobResult("unknown-job", partitionResult)).toBeNull();
  });
});

describe("the run history's address", () => {
  it("reads filters, sort and page", () => {
    expect(
      parseJobRunSearchParams({
        job: "partition-maintenance",
        status: "failed",
        sort: "duration",
        dir: "asc",
        page: "3",
      }),
    ).toEqual({
      filters: { job: "partition-maintenance", status: "failed", sort: "duration", dir: "asc", page: 3 },
      notes: [],
    });
  });

  it("ignores bad values, one by one, and says so", () => {
    const { filters, notes } = parseJobRunSearchParams({
      job: "drop-tables",
      status: ["failed", "succeeded"],
      page: "-1",
      sort: "name",
    });
    expect(filters).toEqual(DEFAULT_JOB_RUN_FILTERS);
    expect(notes).toHaveLength(4);
    expect(notes[0]).toBe(
      'Ignored the job filter "drop-tables": use partition-maintenance or refresh-monthly-revenue.',
    );
  });

  it("writes only what differs from the defaults", () => {
    expect(jobRunsHref(DEFAULT_JOB_RUN_FILTERS)).toBe("/admin/jobs");
    expect(jobRunsHref(DEFAULT_JOB_RUN_FILTERS, { status: "failed", page: 2 })).toBe(
      "/admin/jobs?status=failed&page=2",
    );
  });
});
