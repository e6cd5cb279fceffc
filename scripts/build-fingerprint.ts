import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// `npm start` serves a production build. It rebuilds only when a source file
// changed since the last build, so a second start is quick.

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
  "proxy.ts",
  "instrumentation-client.ts",
];
const SKIP = /(^|\/)(generated|node_modules)(\/|$)|\.(test|integration-test)\.tsx?$/;

function walk(entry: string, out: string[]): void {
  if (!fs.existsSync(entry) || SKIP.test(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) for (const child of fs.readdirSync(entry).sort()) walk(path.join(entry, child), out);
  else out.push(`${entry}:${stat.size}:${Math.floor(stat.mtimeMs)}`);
}

export function sourceFingerprint(root = process.cwd()): string {
  const entries: string[] = [];
  for (const source of SOURCES) walk(path.join(root, source), entries);
  return createHash("sha256")
    .update(entries.map((e) => path.relative(root, e)).join("\n"))
    .digest("hex");
}

const marker = (root: string) => path.join(root, ".next", "source-fingerprint");

export function buildIsCurrent(root = process.cwd()): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  try {
    return fs.readFileSync(marker(root), "utf8") === sourceFingerprint(root);
  } catch {
    return false;
  }
}

export function recordBuild(root = process.cwd()): void {
  fs.writeFileSync(marker(root), sourceFingerprint(root));
}
