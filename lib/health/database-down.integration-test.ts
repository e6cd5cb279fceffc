import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "@/lib/db/embedded-server";
import { getLogger } from "@/lib/log/logger";
import type * as Health from "./queries";

// A real connection attempt to a port where nothing listens: the app's view of
// a database that is down.

let getHealth: typeof Health.getHealth;

beforeAll(async () => {
  const port = await freePort();
  process.env.APP_DATABASE_URL = `postgresql://nobody:secret-password@127.0.0.1:${port}/wedding_planner`;
  ({ getHealth } = await import("./queries"));
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe("getHealth with the database down", () => {
  it("reports down without any detail of the failure", async () => {
    const log = vi.spyOn(getLogger(), "error").mockImplementation(() => {});
    const health = await getHealth();
    expect(health).toEqual({ status: "error", database: "down" });
    expect(JSON.stringify(health)).not.toMatch(/ECONNREFUSED|secret-password|127\.0\.0\.1/);
    // The reason still reaches the server log.
    expect(log).toHaveBeenCalled();
  });

  it("answers GET /api/health with 503", async () => {
    vi.spyOn(getLogger(), "error").mockImplementation(() => {});
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", database: "down" });
  });
});
