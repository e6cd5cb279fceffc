import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireAppLock } from "./app-lock";

const tempFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lock-")), "app.lock");

describe("acquireAppLock", () => {
  it("refuses a second holder while the first is alive, naming it", () => {
    const file = tempFile();
    const first = acquireAppLock("http://localhost:3000", file);
    expect(first.ok).toBe(true);
    const second = acquireAppLock("http://localhost:3001", file);
    expect(second).toEqual({
      ok: false,
      holder: expect.objectContaining({ pid: process.pid, url: "http://localhost:3000" }),
    });
    if (first.ok) first.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it("takes over a lock whose process has died", () => {
    const file = tempFile();
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    fs.writeFileSync(file, JSON.stringify({ pid: dead, url: "http://localhost:3000", startedAt: "" }));
    const lock = acquireAppLock("http://localhost:3000", file);
    expect(lock.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).pid).toBe(process.pid);
  });
});
