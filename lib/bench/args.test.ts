import { describe, expect, it } from "vitest";
import { ZBenchArgsSchema } from "./args";

const parse = (flags: Record<string, string>) => ZBenchArgsSchema.safeParse({ ...flags, positionals: [] });

describe("npm run bench flags", () => {
  it("defaults to the issue's workload: 200 runs, 1/8/32 clients, both passes", () => {
    const r = parse({});
    expect(r.success && r.data).toMatchObject({
      scale: "small",
      runs: 200,
      clients: [1, 8, 32],
      baseline: true,
      orm: true,
      write: true,
      only: null,
      "concurrency-skip": [],
    });
  });

  it("reads lists, numbers and yes/no", () => {
    const r = parse({
      scale: "full",
      runs: "300",
      clients: "2,4",
      baseline: "no",
      only: "guest-lookup,event-timeline",
      "concurrency-skip": "vendor-search-common,monthly-revenue",
    });
    expect(r.success && r.data).toMatchObject({
      scale: "full",
      runs: 300,
      clients: [2, 4],
      baseline: false,
      only: ["guest-lookup", "event-timeline"],
      "concurrency-skip": ["vendor-search-common", "monthly-revenue"],
    });
  });

  it.each([
    [{ scale: "huge" }],
    [{ runs: "5" }],
    [{ runs: "ten" }],
    [{ clients: "1,,8" }],
    [{ clients: "0" }],
    [{ baseline: "maybe" }],
    [{ only: "Guest Lookup" }],
    [{ only: "" }],
    [{ "concurrency-skip": "," }],
  ])("refuses %o", (flags) => {
    expect(parse(flags).success).toBe(false);
  });

  it("names a query key that does not exist, for --only and --concurrency-skip alike", () => {
    for (const flag of ["only", "concurrency-skip"]) {
      const r = parse({ [flag]: "guest-lookup,guest-lokup" });
      expect(r.success).toBe(false);
      expect(!r.success && r.error.issues[0]!.message).toMatch(/^no query guest-lokup; the keys are guest-lookup, /);
    }
  });

  it("refuses positional arguments", () => {
    expect(ZBenchArgsSchema.safeParse({ positionals: ["full"] }).success).toBe(false);
  });
});
