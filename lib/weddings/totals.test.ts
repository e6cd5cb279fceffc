import { describe, expect, it } from "vitest";
import { getWeddingTotals } from "./totals";

describe("getWeddingTotals", () => {
  it("counts weddings and adds up their guests", () => {
    expect(getWeddingTotals([{ guestCount: 3 }, { guestCount: 0 }, { guestCount: 120 }])).toEqual({
      weddings: 3,
      guests: 123,
    });
  });

  it("is zero for no weddings", () => {
    expect(getWeddingTotals([])).toEqual({ weddings: 0, guests: 0 });
  });
});
