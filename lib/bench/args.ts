import { z } from "zod";
import { ZScale } from "./scales";

// `npm run bench` flags (scripts/bench.ts parses them with scripts/cli.ts).

export const BENCH_USAGE =
  "Usage: npm run bench -- --scale small|medium|full [--runs 200] [--warmup 20] [--seed 1] [--clients 1,8,32]\n" +
  "       [--concurrency-seconds 20] [--concurrency-skip key,key] [--baseline yes|no] [--baseline-seconds 60] [--max-seconds 150] [--only key,key] [--orm yes|no] [--write yes|no]";

/** The workload's query keys (lib/bench/workload.ts; its plan test checks they agree). */
export const WORKLOAD_KEYS = [
  "guest-lookup",
  "event-timeline",
  "rsvp-aggregation",
  "budget-analysis",
  "vendor-search-common",
  "vendor-search-rare",
  "booking-history",
  "venue-availability",
  "payment-reconciliation",
  "monthly-revenue",
] as const;

const ZYesNo = z.enum(["yes", "no"]).transform((v) => v === "yes");

/** A comma-separated list of workload keys; an unknown key is refused by name. */
function keyList(what: string) {
  return z
    .string()
    .regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/, `a comma-separated list of query keys (${what})`)
    .transform((s) => s.split(","))
    .superRefine((keys, ctx) => {
      const unknown = keys.filter((key) => !(WORKLOAD_KEYS as readonly string[]).includes(key));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `no query ${unknown.join(", ")}; the keys are ${WORKLOAD_KEYS.join(", ")}`,
        });
      }
    });
}
export const ZBenchArgsSchema = z.object({
  scale: ZScale.default("small"),
  runs: z.coerce.number().int().min(10).max(100_000).default(200),
  warmup: z.coerce.number().int().min(0).max(10_000).default(20),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
  clients: z
    .string()
    .regex(/^\d+(,\d+)*$/, "a comma-separated list of client counts, e.g. 1,8,32")
    .default("1,8,32")
    .transform((s) => s.split(",").map(Number))
    .refine((list) => list.every((n) => n >= 1 && n <= 256), "client counts must be 1 to 256"),
  "concurrency-seconds": z.coerce.number().int().min(0).max(600).default(20),
  baseline: ZYesNo.default(true),
  "baseline-seconds": z.coerce.number().int().min(1).max(3600).default(60),
  "max-seconds": z.coerce.number().int().min(1).max(36_000).default(150),
  "concurrency-skip": keyList("left out of the concurrency runs")
    .optional()
    .transform((keys) => keys ?? []),
  only: keyList("the queries to run")
    .optional()
    .transform((keys) => keys ?? null),
  write: ZYesNo.default(true),
  orm: ZYesNo.default(true),
  positionals: z.array(z.string()).max(0, "bench takes no positional arguments"),
});

export const BENCH_FLAGS = {
  scale: { type: "string" },
  runs: { type: "string" },
  warmup: { type: "string" },
  seed: { type: "string" },
  clients: { type: "string" },
  "concurrency-seconds": { type: "string" },
  baseline: { type: "string" },
  "baseline-seconds": { type: "string" },
  "max-seconds": { type: "string" },
  "concurrency-skip": { type: "string" },
  only: { type: "string" },
  write: { type: "string" },
  orm: { type: "string" },
} as const;
