import { describe, expect, it } from "vitest";
import { cpuPercent, cpuTimes, ioQueueDepth, parseDiskstats } from "./host";

const DISKSTATS = `
   7       0 loop0 44 0 742 15 0 0 0 0 0 32 15 0 0 0 0 0 0
   8       0 sda 1000 20 80000 4000 2000 100 60000 9000 1 7000 13000 0 0 0 0 0 0
   8       1 sda1 900 20 70000 3500 1900 100 59000 8800 0 6500 12300 0 0 0 0 0 0
 259       0 nvme0n1 500 0 4000 100 300 0 2400 50 0 120 150 0 0 0 0 0 0
 253       0 dm-0 10 0 80 1 0 0 0 0 0 1 1
`;

describe("parseDiskstats", () => {
  it("keeps whole disks only, with their weighted I/O time", () => {
    expect(parseDiskstats(DISKSTATS)).toEqual([
      { name: "sda", weightedIoMs: 13000 },
      { name: "nvme0n1", weightedIoMs: 150 },
    ]);
  });

  it("returns nothing for text that is not diskstats", () => {
    expect(parseDiskstats("")).toEqual([]);
    expect(parseDiskstats("garbage line\n1 2 3")).toEqual([]);
  });
});

describe("ioQueueDepth", () => {
  it("is the busiest disk's weighted I/O time per elapsed millisecond", () => {
    const before = [
      { name: "sda", weightedIoMs: 1000 },
      { name: "nvme0n1", weightedIoMs: 0 },
    ];
    const after = [
      { name: "sda", weightedIoMs: 31_000 },
      { name: "nvme0n1", weightedIoMs: 5_000 },
    ];
    expect(ioQueueDepth(before, after, 10_000)).toBe(3);
  });

  it("is null without time or a common disk, and never negative", () => {
    expect(ioQueueDepth([], [{ name: "sda", weightedIoMs: 5 }], 1000)).toBeNull();
    expect(ioQueueDepth([{ name: "sda", weightedIoMs: 5 }], [{ name: "sda", weightedIoMs: 5 }], 0)).toBeNull();
    expect(ioQueueDepth([{ name: "sda", weightedIoMs: 9 }], [{ name: "sda", weightedIoMs: 5 }], 1000)).toBe(0);
  });
});

describe("cpuPercent", () => {
  it("is the busy share of the time that passed", () => {
    expect(cpuPercent({ idle: 100, total: 200 }, { idle: 150, total: 400 })).toBe(75);
    expect(cpuPercent({ idle: 0, total: 0 }, { idle: 100, total: 100 })).toBe(0);
  });

  it("is null when no time passed", () => {
    expect(cpuPercent({ idle: 1, total: 2 }, { idle: 1, total: 2 })).toBeNull();
  });

  it("adds up every core", () => {
    const core = (idle: number, user: number) => ({
      model: "x",
      speed: 1,
      times: { user, nice: 0, sys: 0, idle, irq: 0 },
    });
    expect(cpuTimes([core(10, 5), core(20, 15)])).toEqual({ idle: 30, total: 50 });
  });
});
