import fs from "node:fs";
import { z } from "zod";
import { formatIdentityOverhead, measureIdentityOverhead } from "@/lib/db/identity-overhead";
import type { Identity } from "@/lib/db/with-identity";
import { fail, parseCli, runMain } from "./cli";

// The identity transaction's fixed cost on its own (issue 6, point 5); the
// benchmark calls measureIdentityOverhead itself. The app's modules are
// server-only, hence the condition:
//   npx tsx --conditions=react-server scripts/identity-overhead.ts [--runs 2000]
//       [--url <app-role URL> (--user-id N [--role planner|admin|vendor] | --guest-token T)] [--json out.json]
// Without --url it measures on a throwaway cluster of its own (one planner),
// which it deletes afterwards.

const USAGE =
  "Usage: tsx --conditions=react-server scripts/identity-overhead.ts [--runs N] " +
  "[--url URL (--user-id N [--role planner|admin|vendor] | --guest-token T)] [--json FILE]";

const ZFlags = z
  .object({
    runs: z.coerce.number().int().min(1).max(100_000).default(2000),
    url: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    "user-id": z.coerce.number().int().positive().optional(),
    role: z.enum(["planner", "admin", "vendor"]).default("planner"),
    "guest-token": z.string().min(1).max(200).optional(),
    json: z.string().min(1).optional(),
    positionals: z.array(z.string()).max(0, "takes no arguments"),
  })
  .refine((flags) => !flags.url || (flags["user-id"] === undefined) !== (flags["guest-token"] === undefined), {
    message: "--url needs exactly one of --user-id and --guest-token",
    path: ["url"],
  });

async function onThrowawayDatabase<T>(fn: (appUrl: string, identity: Identity) => Promise<T>): Promise<T> {
  const { buildTemplate, startTestCluster } = await import("@/lib/test/cluster");
  const server = await startTestCluster();
  try {
    process.env.TEST_PG_ADMIN_URL = server.urlFor("postgres");
    await buildTemplate(process.env.TEST_PG_ADMIN_URL);
    const { createTestDatabase } = await import("@/lib/test/db");
    const db = await createTestDatabase("wp_overhead");
    try {
      const user = await db.prisma.user.create({
        data: { email: "overhead@example.test", name: "Overhead", role: "planner" },
      });
      return await fn(db.appUrl, { kind: "user", userId: user.id, role: "planner" });
    } finally {
      await db.drop();
    }
  } finally {
    await server.stop();
  }
}

async function main(argv: string[]) {
  const flags = parseCli(argv, {
    flags: {
      runs: { type: "string" },
      url: { type: "string" },
      "user-id": { type: "string" },
      role: { type: "string" },
      "guest-token": { type: "string" },
      json: { type: "string" },
    },
    schema: ZFlags,
    usage: USAGE,
  });
  const measure = (appUrl: string, identity: Identity) =>
    measureIdentityOverhead({ appUrl, identity, runs: flags.runs });
  let result;
  if (flags.url) {
    const identity: Identity =
      flags["guest-token"] !== undefined
        ? { kind: "guest", guestToken: flags["guest-token"] }
        : { kind: "user", userId: flags["user-id"] ?? fail("--user-id is missing."), role: flags.role };
    result = await measure(flags.url, identity);
  } else {
    result = await onThrowawayDatabase(measure);
  }
  console.log(formatIdentityOverhead(result));
  if (flags.json) fs.writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
}

runMain(import.meta.url, main);
