import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// The .sha256 file beside a backup, in sha256sum's format ("<hex>  <name>"
// per line, names relative to the file's folder), so that
//   cd backups && sha256sum -c wedding_planner_20261127T101500Z.dump.sha256
// checks the same thing that `npm run db:restore` checks first.

export type ChecksumLine = { hex: string; name: string };

export class ChecksumError extends Error {}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export function formatChecksums(lines: ChecksumLine[]): string {
  return lines.map((line) => `${line.hex}  ${line.name}\n`).join("");
}

/** Parses sha256sum output; binary-mode lines ("<hex> *<name>") are accepted too. */
export function parseChecksums(text: string): ChecksumLine[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0) throw new ChecksumError("The checksum file is empty.");
  return lines.map((line, i) => {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.replace(/\r$/, ""));
    if (!match) throw new ChecksumError(`Line ${i + 1} of the checksum file is not "<sha256>  <file name>".`);
    const name = match[2]!;
    if (name.includes("/") || name.includes("\\") || name === "." || name === "..") {
      throw new ChecksumError(`The checksum file names "${name}", which is not a file beside it.`);
    }
    return { hex: match[1]!.toLowerCase(), name };
  });
}

export function checksumFileFor(dumpFile: string): string {
  return `${dumpFile}.sha256`;
}

export async function writeChecksums(checksumFile: string, files: string[]): Promise<void> {
  const lines: ChecksumLine[] = [];
  for (const file of files) lines.push({ hex: await sha256File(file), name: path.basename(file) });
  fs.writeFileSync(checksumFile, formatChecksums(lines), { mode: 0o600, flag: "wx" });
}

/**
 * Checks every file the .sha256 names, and that it names `dumpFile` itself.
 * Returns the names it checked. Throws a ChecksumError that says which file
 * differs; nothing about the backup may be trusted after that.
 */
export async function verifyChecksums(dumpFile: string): Promise<string[]> {
  const checksumFile = checksumFileFor(dumpFile);
  if (!fs.existsSync(checksumFile)) {
    throw new ChecksumError(
      `${checksumFile} is missing, so ${path.basename(dumpFile)} cannot be checked. Refusing to use it.`,
    );
  }
  const lines = parseChecksums(fs.readFileSync(checksumFile, "utf8"));
  if (!lines.some((line) => line.name === path.basename(dumpFile))) {
    throw new ChecksumError(`${checksumFile} has no line for ${path.basename(dumpFile)}. Refusing to use it.`);
  }
  const dir = path.dirname(dumpFile);
  for (const line of lines) {
    const file = path.join(dir, line.name);
    if (!fs.existsSync(file))
      throw new ChecksumError(`${line.name}, listed in ${path.basename(checksumFile)}, is missing.`);
    const actual = await sha256File(file);
    if (actual !== line.hex) {
      throw new ChecksumError(
        `Checksum MISMATCH for ${line.name}: expected ${line.hex}, got ${actual}. ` +
          `The file was changed or damaged after the backup; refusing to use it.`,
      );
    }
  }
  return lines.map((line) => line.name);
}
