import { afterEach, describe, expect, it, vi } from "vitest";
import { buildDemoPlan } from "./demo-plan";

afterEach(() => {
  vi.useRealTimers();
});

describe("buildDemoPlan", () => {
  it("builds the same plan whatever day it runs on", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T10:00:00Z"));
    const today = buildDemoPlan();
    vi.setSystemTime(new Date("2031-02-14T23:30:00Z"));
    const later = buildDemoPlan();

    expect(later).toEqual(today);
  });

  it("builds the same plan twice in one process", () => {
    expect(buildDemoPlan()).toEqual(buildDemoPlan());
  });

  it("gives every guest a distinct QR code", () => {
    const codes = buildDemoPlan().weddings.flatMap((w) => w.households.flatMap((h) => h.guests.map((g) => g.qrCode)));
    expect(new Set(codes).size).toBe(codes.length);
  });
});
