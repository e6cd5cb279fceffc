import fs from "node:fs";
import os from "node:os";

// CPU and disk queue depth of the host the app runs on (report section 7.3:
// "CPU over 80 % for more than 2 minutes", "I/O queue depth over a threshold").
// PostgreSQL cannot report either; with the embedded database the app's host
// is the database's host. A sampler reads both every 10 s and keeps the last
// 10 minutes in memory (on globalThis, shared by server.ts and Next's bundles).

export type CpuTimes = { idle: number; total: number };
export type DiskCounters = { name: string; weightedIoMs: number };
/** One reading: the CPU share and disk queue depth over the `spanMs` before `at`. */
export type HostReading = { at: number; spanMs: number; cpuPct: number | null; ioQueueDepth: number | null };

export const SAMPLE_INTERVAL_MS = 10_000;
const KEEP_MS = 10 * 60_000;

/** Whole disks only: partitions, loop and RAM devices would double-count or mean nothing. */
const WHOLE_DISK = /^(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+|mmcblk\d+)$/;

export function cpuTimes(cpus: os.CpuInfo[] = os.cpus()): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Busy share of all cores between two readings, 0–100; null when no time passed. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  const busy = total - (after.idle - before.idle);
  return Math.min(100, Math.max(0, (100 * busy) / total));
}

/**
 * /proc/diskstats: "major minor name" then the counters; the 11th counter is
 * the weighted time spent doing I/O, whose growth per millisecond is the
 * average queue depth (iostat's aqu-sz).
 */
export function parseDiskstats(text: string): DiskCounters[] {
  const disks: DiskCounters[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 14) continue;
    const name = fields[2]!;
    if (!WHOLE_DISK.test(name)) continue;
    const weighted = Number(fields[13]);
    if (Number.isFinite(weighted)) disks.push({ name, weightedIoMs: weighted });
  }
  return disks;
}

/** The busiest disk's average queue depth over `elapsedMs`; null without disks or time. */
export function ioQueueDepth(before: DiskCounters[], after: DiskCounters[], elapsedMs: number): number | null {
  if (elapsedMs <= 0) return null;
  let deepest: number | null = null;
  for (const disk of after) {
    const previous = before.find((d) => d.name === disk.name);
    if (!previous) continue;
    const depth = Math.max(0, disk.weightedIoMs - previous.weightedIoMs) / elapsedMs;
    deepest = deepest === null ? depth : Math.max(deepest, depth);
  }
  return deepest;
}

function readDisks(): DiskCounters[] | null {
  try {
    return parseDiskstats(fs.readFileSync("/proc/diskstats", "utf8"));
  } catch {
    return null;
  }
}

type SamplerState = {
  readings: HostReading[];
  last: { at: number; cpu: CpuTimes; disks: DiskCounters[] | null };
  timer: ReturnType<typeof setInterval>;
};

const KEY = Symbol.for("wedding-planner.host-sampler");

function store(): Record<symbol, SamplerState | undefined> {
  return globalThis as unknown as Record<symbol, SamplerState | undefined>;
}

function readingSince(last: SamplerState["last"]): { reading: HostReading; current: SamplerState["last"] } {
  const at = Date.now();
  const cpu = cpuTimes();
  const disks = readDisks();
  const spanMs = at - last.at;
  return {
    reading: {
      at,
      spanMs,
      cpuPct: cpuPercent(last.cpu, cpu),
      ioQueueDepth: disks && last.disks ? ioQueueDepth(last.disks, disks, spanMs) : null,
    },
    current: { at, cpu, disks },
  };
}

function sample(state: SamplerState): void {
  const { reading, current } = readingSince(state.last);
  const at = reading.at;
  state.readings.push(reading);
  state.last = current;
  while (state.readings.length && state.readings[0]!.at < at - KEEP_MS) state.readings.shift();
}

/** Starts the sampler once per process; later calls do nothing. */
export function startHostSampler(): void {
  const s = store();
  if (s[KEY]) return;
  const state: SamplerState = {
    readings: [],
    last: { at: Date.now(), cpu: cpuTimes(), disks: readDisks() },
    timer: setInterval(() => sample(state), SAMPLE_INTERVAL_MS),
  };
  // The sampler must never keep a process (a test, a script) alive.
  state.timer.unref();
  s[KEY] = state;
}

/**
 * The readings of the last 10 minutes, oldest first. Before the sampler's
 * first interval has passed, one reading since it started (if any time has).
 */
export function hostReadings(): HostReading[] {
  const state = store()[KEY];
  if (!state) return [];
  if (state.readings.length > 0) return [...state.readings];
  const { reading } = readingSince(state.last);
  return reading.spanMs >= 100 ? [reading] : [];
}

export function latestHostReading(): HostReading | null {
  return store()[KEY]?.readings.at(-1) ?? null;
}
