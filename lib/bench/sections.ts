import fs from "node:fs";
import path from "node:path";

// docs/benchmarks.md is hand-written prose plus generated sections, each
// between <!-- NAME:start --> and <!-- NAME:end -->. A tool rewrites only its
// own section; a section that is missing is added at the end.

export function replaceSection(document: string, name: string, body: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Bad section name "${name}".`);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  // Blank lines around the body, as prettier leaves them in the whole file.
  const block = `${start}\n\n${body.trim()}\n\n${end}`;
  if (from === -1 && to === -1) {
    const base = document.replace(/\s*$/, "");
    return `${base}${base ? "\n\n" : ""}${block}\n`;
  }
  if (from === -1 || to === -1 || to < from || document.indexOf(start, from + 1) !== -1) {
    throw new Error(`docs/benchmarks.md has a broken ${name} section: expected one ${start} before one ${end}.`);
  }
  return document.slice(0, from) + block + document.slice(to + end.length);
}

/** Rewrites one section of a markdown file and writes the JSON beside it in docs/benchmarks/. */
export function writeSection(
  docsDir: string,
  name: string,
  markdown: string,
  json: unknown,
): { md: string; json: string } {
  const mdFile = path.join(docsDir, "benchmarks.md");
  const jsonFile = path.join(docsDir, "benchmarks", `${name}.json`);
  const current = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, "utf8") : "# Benchmarks\n";
  fs.writeFileSync(mdFile, replaceSection(current, name, markdown));
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  return { md: mdFile, json: jsonFile };
}
