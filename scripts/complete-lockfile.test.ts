import fs from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript, run by node before dependencies exist
import { completeLock, platformOf } from "./complete-lockfile.mjs";

describe("platformOf", () => {
  it("reads os, cpu and libc from native package names", () => {
    expect(platformOf("@next/swc-darwin-arm64")).toEqual({ os: "darwin", cpu: "arm64", libc: undefined });
    expect(platformOf("@next/swc-linux-x64-musl")).toEqual({ os: "linux", cpu: "x64", libc: "musl" });
    expect(platformOf("@tailwindcss/oxide-linux-arm-gnueabihf")).toEqual({ os: "linux", cpu: "arm", libc: "glibc" });
    expect(platformOf("@tailwindcss/oxide-wasm32-wasi")).toEqual({ os: undefined, cpu: "wasm32", libc: undefined });
  });
});

describe("package-lock.json", () => {
  it("lists every optional platform package, so `npm ci` accepts it (run node scripts/complete-lockfile.mjs)", () => {
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    expect(completeLock(lock)).toEqual([]);
  });
});
