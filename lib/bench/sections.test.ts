import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { replaceSection, writeSection } from "./sections";

describe("benchmark report sections", () => {
  it("replaces only its own section and keeps the prose around it", () => {
    const doc = "# B\n\nintro\n\n<!-- bench-full:start -->\nold\n<!-- bench-full:end -->\n\noutro\n";
    const next = replaceSection(doc, "bench-full", "| new |");
    expect(next).toBe("# B\n\nintro\n\n<!-- bench-full:start -->\n\n| new |\n\n<!-- bench-full:end -->\n\noutro\n");
    expect(replaceSection(next, "loadtest", "x")).toContain(
      "outro\n\n<!-- loadtest:start -->\n\nx\n\n<!-- loadtest:end -->\n",
    );
  });

  it("refuses broken markers and odd names", () => {
    expect(() => replaceSection("<!-- a:end --> <!-- a:start -->", "a", "x")).toThrow(/broken/);
    expect(() => replaceSection("<!-- a:start -->", "a", "x")).toThrow(/broken/);
    expect(() => replaceSection("", "a b", "x")).toThrow(/Bad section/);
  });

  it("writes the markdown section and the JSON beside it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-docs-"));
    const files = writeSection(dir, "bench-small", "table", { ok: 1 });
    expect(fs.readFileSync(files.md, "utf8")).toContain("<!-- bench-small:start -->\n\ntable\n");
    expect(JSON.parse(fs.readFileSync(files.json, "utf8"))).toEqual({ ok: 1 });
    fs.rmSync(dir, { recursive: true });
  });
});
