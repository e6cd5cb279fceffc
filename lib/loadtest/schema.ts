import { z } from "zod";

// The flags of `npm run loadtest`, validated before anything starts.

export const LOADTEST_PAGES = ["cockpit", "overview", "guests", "vendors", "rsvp", "floor"] as const;
export type TLoadtestPage = (typeof LOADTEST_PAGES)[number];
/**
 * Measured for reference, without a target: the health check, the cheapest
 * dynamic request the server answers (proxy.ts, the router, one database round
 * trip, no page to render). What it reaches bounds what any page can.
 */
export const REFERENCE_PAGES: readonly TLoadtestPage[] = ["floor"];
export const isReferencePage = (page: TLoadtestPage): boolean => REFERENCE_PAGES.includes(page);

export const LOADTEST_SCALES = ["small", "medium", "full"] as const;

/** Each page's target: P95 at most this many milliseconds, and not one failed request. */
export const TARGET_P95_MS = 150;

export const LOADTEST_USAGE =
  "Usage: npm run loadtest [-- --scale small|medium|full] [--connections N] [--duration SECONDS] [--warmup SECONDS]\n" +
  "         [--pages cockpit,overview,guests,vendors,rsvp,floor] [--planners N] [--tokens N] [--port PORT]\n" +
  "         [--pool-size N] [--statement-timeout-ms MS]\n" +
  "Defaults: --scale medium --connections 50 --duration 30 --warmup 3 --planners 50 --tokens 5000 --port 3170\n" +
  "          --pool-size 10 --statement-timeout-ms 10000 (docs/operations.md says why)";

export const LOADTEST_FLAGS = {
  scale: { type: "string" },
  connections: { type: "string" },
  duration: { type: "string" },
  warmup: { type: "string" },
  pages: { type: "string" },
  planners: { type: "string" },
  tokens: { type: "string" },
  port: { type: "string" },
  "pool-size": { type: "string" },
  "statement-timeout-ms": { type: "string" },
} as const;

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number from ${min} to ${max}.`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}.`).max(max, `${name} must be at most ${max}.`))
    .default(fallback);

const ZPagesSchema = z
  .string()
  .trim()
  .min(1, "Name at least one page.")
  .transform((value) => value.split(",").map((page) => page.trim()))
  .pipe(
    z
      .array(z.enum(LOADTEST_PAGES, { error: `Pages are ${LOADTEST_PAGES.join(", ")}.` }))
      .refine((pages) => new Set(pages).size === pages.length, "A page is named twice."),
  )
  // Always in the report's order, whatever the order on the command line.
  .transform((pages) => LOADTEST_PAGES.filter((page) => pages.includes(page)))
  .default([...LOADTEST_PAGES]);

export const ZLoadtestArgsSchema = z
  .object({
    scale: z.enum(LOADTEST_SCALES, { error: `The scale is ${LOADTEST_SCALES.join(", ")}.` }).default("medium"),
    connections: wholeNumber("The number of connections", 1, 500, 50),
    duration: wholeNumber("The duration", 1, 600, 30),
    warmup: wholeNumber("The warm-up", 0, 60, 3),
    pages: ZPagesSchema,
    planners: wholeNumber("The number of planners", 1, 1000, 50),
    tokens: wholeNumber("The number of RSVP tokens", 1, 100_000, 5000),
    port: wholeNumber("The port", 1024, 65535, 3170),
    "pool-size": wholeNumber("The pool size", 1, 500, 10),
    "statement-timeout-ms": wholeNumber("The statement timeout", 100, 3_600_000, 10_000),
    positionals: z.array(z.string()).max(0, "loadtest takes only flags."),
  })
  .strict()
  .transform((args) => ({
    scale: args.scale,
    connections: args.connections,
    duration: args.duration,
    warmup: args.warmup,
    pages: args.pages,
    planners: args.planners,
    tokens: args.tokens,
    port: args.port,
    poolSize: args["pool-size"],
    statementTimeoutMs: args["statement-timeout-ms"],
  }));

export type TLoadtestArgs = z.infer<typeof ZLoadtestArgsSchema>;
