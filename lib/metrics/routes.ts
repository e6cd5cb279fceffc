import fs from "node:fs";
import path from "node:path";

// Turns a request path into the route pattern it belongs to, so the latency
// histogram has one series per route ("/weddings/[id]/guests"), never one per
// wedding, guest or RSVP token: label cardinality stays bounded, and no token
// ends up in a metric.

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js)$/;

/** The app's route patterns, from the app/ folder: route groups and slots dropped. */
export function routePatternsFromAppDir(appDir: string): string[] {
  const patterns = new Set<string>();
  const walk = (dir: string, segments: string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && ROUTE_FILE.test(entry.name)) patterns.add(`/${segments.join("/")}`);
      if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
      const skip = /^\(.*\)$/.test(entry.name) || entry.name.startsWith("@");
      walk(path.join(dir, entry.name), skip ? segments : [...segments, entry.name]);
    }
  };
  walk(appDir, []);
  return sortBySpecificity([...patterns]);
}

type Segment = { kind: "static"; value: string } | { kind: "one" } | { kind: "rest"; optional: boolean };

function parseSegment(segment: string): Segment {
  if (/^\[\[\.\.\..+\]\]$/.test(segment)) return { kind: "rest", optional: true };
  if (/^\[\.\.\..+\]$/.test(segment)) return { kind: "rest", optional: false };
  if (/^\[.+\]$/.test(segment)) return { kind: "one" };
  return { kind: "static", value: segment };
}

function split(pathname: string): string[] {
  return pathname.split("/").filter(Boolean);
}

// Static segments beat dynamic ones, as in Next.js's own matching.
function sortBySpecificity(patterns: string[]): string[] {
  const score = (pattern: string) =>
    split(pattern).map((s) => {
      const kind = parseSegment(s).kind;
      return kind === "static" ? 0 : kind === "one" ? 1 : 2;
    });
  return patterns.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
      const x = sa[i] ?? -1;
      const y = sb[i] ?? -1;
      if (x !== y) return x - y;
    }
    return a.localeCompare(b);
  });
}

function matches(pattern: string, parts: string[]): boolean {
  const segments = split(pattern).map(parseSegment);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === "rest") return segment.optional || parts.length > i;
    const part = parts[i];
    if (part === undefined) return false;
    if (segment.kind === "static" && segment.value !== part) return false;
  }
  return parts.length === segments.length;
}

/** The label for a request: its route pattern, a bucket for Next's assets, or "unmatched". */
export function routeLabel(url: string | undefined, patterns: readonly string[]): string {
  const pathname = (url ?? "/").split(/[?#]/, 1)[0] || "/";
  if (pathname.startsWith("/_next/static/")) return "/_next/static";
  if (pathname.startsWith("/_next/image")) return "/_next/image";
  if (pathname.startsWith("/_next/")) return "/_next";
  let parts: string[];
  try {
    parts = split(pathname).map((part) => decodeURIComponent(part));
  } catch {
    return "unmatched";
  }
  return patterns.find((pattern) => matches(pattern, parts)) ?? "unmatched";
}
