import fs from "node:fs";
import path from "node:path";

// One `npm start` / `npm run dev` per checkout: a second one says so instead of
// fighting the first over the database and the port.

export type LockHolder = { pid: number; url: string; startedAt: string };

export function lockFile(root = process.cwd()): string {
  return path.resolve(root, ".data/app.lock");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock, or returns who holds it. A lock whose process died is taken over. */
export function acquireAppLock(
  url: string,
  file = lockFile(),
): { ok: true; release: () => void } | { ok: false; holder: LockHolder } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockHolder = { pid: process.pid, url, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      return {
        ok: true,
        release: () => {
          try {
            const current = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
            if (current.pid === process.pid) fs.rmSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder: LockHolder | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
      } catch {
        holder = undefined;
      }
      if (holder && alive(holder.pid)) return { ok: false, holder };
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take ${file}.`);
}
