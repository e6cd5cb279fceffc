import { describe, expect, it } from "vitest";
import { SCALES, benchDatabaseName, ZScale } from "./scales";

describe("benchmark scales", () => {
  it("full is the report's size", () => {
    expect(SCALES.full.vendors).toBe(2_000_000);
    expect(SCALES.full.bookings).toBe(10_000_000);
    expect(SCALES.full.payments).toBe(5_000_000);
    expect(SCALES.full.fullWeddings).toBe(100_000);
  });

  it.each(ZScale.options)("%s gives every planner 50 weddings and keeps full weddings among them", (scale) => {
    const s = SCALES[scale];
    expect(s.weddings).toBe(s.planners * 50);
    expect(s.fullWeddings).toBeLessThanOrEqual(s.weddings);
    expect(s.fullWeddings % s.weddingsPerPlanner).toBe(0);
  });

  it("names one database per scale and refuses others", () => {
    expect(benchDatabaseName("small")).toBe("wp_bench_small");
    expect(ZScale.safeParse("huge").success).toBe(false);
  });
});
