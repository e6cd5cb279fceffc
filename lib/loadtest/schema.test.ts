import { describe, expect, it } from "vitest";
import { CliError, parseCli } from "@/scripts/cli";
import { LOADTEST_FLAGS, LOADTEST_PAGES, LOADTEST_USAGE, ZLoadtestArgsSchema } from "./schema";

const parse = (...argv: string[]) =>
  parseCli(argv, { flags: LOADTEST_FLAGS, schema: ZLoadtestArgsSchema, usage: LOADTEST_USAGE });

function refusal(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("npm run loadtest flags", () => {
  it("defaults to the issue's run: medium data, 50 connections, 30 s per page, every page", () => {
    expect(parse()).toEqual({
      scale: "medium",
      connections: 50,
      duration: 30,
      warmup: 3,
      pages: [...LOADTEST_PAGES],
      planners: 50,
      tokens: 5000,
      port: 3170,
      poolSize: 10,
      statementTimeoutMs: 10_000,
    });
  });

  it("takes every flag, in either spelling", () => {
    expect(
      parse(
        "--scale",
        "small",
        "--connections=2",
        "--duration",
        "2",
        "--warmup=0",
        "--pages",
        "rsvp, vendors",
        "--planners",
        "3",
        "--tokens=10",
        "--port",
        "3171",
        "--pool-size",
        "20",
        "--statement-timeout-ms",
        "5000",
      ),
    ).toEqual({
      scale: "small",
      connections: 2,
      duration: 2,
      warmup: 0,
      // The report's order, not the command line's.
      pages: ["vendors", "rsvp"],
      planners: 3,
      tokens: 10,
      port: 3171,
      poolSize: 20,
      statementTimeoutMs: 5000,
    });
  });

  it("refuses numbers out of range or not whole", () => {
    expect(refusal("--connections", "0")).toMatch(/^--connections: The number of connections must be at least 1\./);
    expect(refusal("--connections", "501")).toMatch(/at most 500/);
    expect(refusal("--connections", "1.5")).toMatch(/whole number from 1 to 500/);
    expect(refusal("--connections=-3")).toMatch(/whole number/);
    expect(refusal("--connections", "")).toMatch(/whole number/);
    expect(refusal("--duration", "0")).toMatch(/^--duration: /);
    expect(refusal("--duration", "601")).toMatch(/at most 600/);
    expect(refusal("--duration", "30s")).toMatch(/whole number/);
    expect(refusal("--warmup", "61")).toMatch(/at most 60/);
    expect(refusal("--port", "80")).toMatch(/at least 1024/);
    expect(refusal("--pool-size", "0")).toMatch(/^--pool-size: /);
    expect(refusal("--statement-timeout-ms", "99")).toMatch(/at least 100/);
    expect(refusal("--tokens", "100001")).toMatch(/at most 100000/);
  });

  it("refuses unknown pages, a page twice, and an empty list", () => {
    expect(refusal("--pages", "cockpit,admin")).toMatch(
      /^--pages: Pages are cockpit, overview, guests, vendors, rsvp, floor\./,
    );
    expect(refusal("--pages", "rsvp,rsvp")).toMatch(/named twice/);
    expect(refusal("--pages", " ")).toMatch(/at least one page/);
  });

  it("refuses an unknown scale, unknown flags and arguments, with the usage", () => {
    expect(refusal("--scale", "huge")).toMatch(/^--scale: The scale is small, medium, full\./);
    expect(refusal("--rate", "5")).toMatch(/Unknown option '--rate'/);
    expect(refusal("medium")).toMatch(/^Argument: loadtest takes only flags\./);
    expect(refusal("--connections")).toMatch(/argument missing/);
    expect(refusal("--scale", "huge")).toContain("Usage: npm run loadtest");
  });
});
