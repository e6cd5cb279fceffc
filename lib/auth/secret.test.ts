import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getAuthSecret, secretFile } from "./secret";

const roots: string[] = [];
function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "wp-secret-"));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("getAuthSecret", () => {
  it("prefers NEXTAUTH_SECRET and writes no file", () => {
    const root = tempRoot();
    const secret = "x".repeat(44);
    expect(getAuthSecret({ NEXTAUTH_SECRET: secret }, root)).toBe(secret);
    expect(fs.existsSync(secretFile(root))).toBe(false);
  });

  it("refuses a short NEXTAUTH_SECRET", () => {
    expect(() => getAuthSecret({ NEXTAUTH_SECRET: "short" }, tempRoot())).toThrow(/at least 32 characters/);
  });

  it("without one, generates a secret once, owner-only, and reuses it", () => {
    const root = tempRoot();
    const env: Record<string, string | undefined> = {};
    const first = getAuthSecret(env, root);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(env.NEXTAUTH_SECRET).toBe(first);
    expect(fs.statSync(secretFile(root)).mode & 0o777).toBe(0o600);
    expect(getAuthSecret({}, root)).toBe(first);
  });
});
