import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as RateLimit from "./rate-limit";

let db: TestDatabase;
let rateLimit: typeof RateLimit;
let disconnectApp: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  rateLimit = await import("./rate-limit");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

async function hits(key: string, count: number, max = rateLimit.RSVP_MAX_HITS, windowSeconds = 60) {
  const results: boolean[] = [];
  for (let i = 0; i < count; i++) results.push(await rateLimit.unsafeHitRateLimit(key, max, windowSeconds));
  return results;
}

describe("the RSVP rate limit", () => {
  it("allows 60 requests a minute per key as the app role, and trips on the 61st", async () => {
    const key = rateLimit.rsvpRateLimitKey("AAAAAAAAAAAAAAAAAAAAAAAA", "203.0.113.7");
    expect(await hits(key, 60)).toEqual(Array(60).fill(true));
    expect(await hits(key, 2)).toEqual([false, false]);
    // Another client is not slowed down by the first.
    const other = rateLimit.rsvpRateLimitKey("AAAAAAAAAAAAAAAAAAAAAAAA", "203.0.113.8");
    expect(await hits(other, 1)).toEqual([true]);
    const row = await db.pool.query<{ hits: number }>(`SELECT hits FROM rate_limit WHERE key = $1`, [key]);
    expect(row.rows).toEqual([{ hits: 62 }]);
  });

  it("starts counting again when the window has passed", async () => {
    const key = "rsvp:window-test";
    expect(await hits(key, 3, 2, 1)).toEqual([true, true, false]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await hits(key, 1, 2, 1)).toEqual([true]);
  });
});
