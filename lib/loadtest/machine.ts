import fs from "node:fs";
import os from "node:os";

// The machine the load test ran on, and how busy its cores were during a
// measured run: the whole machine (os.cpus), the app server's process tree
// (/proc, Linux only) and the load generator itself (this process).

export function describeMachine(postgres: string) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    postgres,
  };
}

type TCpuMark = { at: bigint; busyMs: number; serverTicks: number | null; self: NodeJS.CpuUsage };

function machineBusyMs(): number {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

type TProcStat = { pid: number; state: string; ppid: number; pgrp: number; ticks: number };

function readProcStats(procDir: string): TProcStat[] | null {
  let entries: string[];
  try {
    entries = fs.readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const stats: TProcStat[] = [];
  for (const pid of entries) {
    try {
      const text = fs.readFileSync(`${procDir}/${pid}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: fields start after the last ')'.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.push({
        pid: Number(pid),
        state: fields[0] ?? "",
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return stats;
}

/** Whether any process of group `pgid` still runs (zombies do not count); null where /proc is unreadable. */
export function processGroupAlive(pgid: number, procDir = "/proc"): boolean | null {
  const stats = readProcStats(procDir);
  if (!stats) return null;
  return stats.some((stat) => stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X");
}

/** CPU ticks (user + system) of `rootPid` and every descendant, from /proc; null where that is unreadable. */
export function processTreeTicks(rootPid: number, procDir = "/proc"): number | null {
  const stats = readProcStats(procDir);
  if (!stats || !stats.some((stat) => stat.pid === rootPid)) return null;
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    ticks += byPid.get(pid)?.ticks ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

// Linux's USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;

export function startCpuMeasure(serverPid: number | null): TCpuMark {
  return {
    at: process.hrtime.bigint(),
    busyMs: machineBusyMs(),
    serverTicks: serverPid === null ? null : processTreeTicks(serverPid),
    self: process.cpuUsage(),
  };
}

export function stopCpuMeasure(mark: TCpuMark, serverPid: number | null) {
  const seconds = Number(process.hrtime.bigint() - mark.at) / 1e9;
  const serverTicks = serverPid === null ? null : processTreeTicks(serverPid);
  const self = process.cpuUsage(mark.self);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    machineCores: round((machineBusyMs() - mark.busyMs) / 1000 / seconds),
    serverCores:
      serverTicks === null || mark.serverTicks === null
        ? null
        : round((serverTicks - mark.serverTicks) / TICKS_PER_SECOND / seconds),
    loadGeneratorCores: round((self.user + self.system) / 1e6 / seconds),
  };
}
