import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChecksumError, formatChecksums, parseChecksums, verifyChecksums, writeChecksums } from "./checksum";

const HEX = "a".repeat(64);

describe("parseChecksums / formatChecksums", () => {
  it("reads what sha256sum writes, in text and binary mode", () => {
    expect(parseChecksums(`${HEX}  x.dump\n${"B".repeat(64)} *x.manifest.json\n`)).toEqual([
      { hex: HEX, name: "x.dump" },
      { hex: "b".repeat(64), name: "x.manifest.json" },
    ]);
    expect(parseChecksums(formatChecksums([{ hex: HEX, name: "a b.dump" }]))).toEqual([{ hex: HEX, name: "a b.dump" }]);
  });

  it("refuses empty files, short hashes and names outside the folder", () => {
    expect(() => parseChecksums("\n")).toThrow(ChecksumError);
    expect(() => parseChecksums(`${"a".repeat(63)}  x.dump`)).toThrow(/Line 1/);
    expect(() => parseChecksums(`${HEX}  ../etc/passwd`)).toThrow(/not a file beside it/);
    expect(() => parseChecksums(`${HEX}  ..`)).toThrow(/not a file beside it/);
  });
});

describe("verifyChecksums", () => {
  let dir: string;
  let dump: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wp-checksum-"));
    dump = path.join(dir, "db_20261127T101500Z.dump");
    fs.writeFileSync(dump, "dump bytes");
    fs.writeFileSync(path.join(dir, "db_20261127T101500Z.manifest.json"), "{}");
    await writeChecksums(`${dump}.sha256`, [dump, path.join(dir, "db_20261127T101500Z.manifest.json")]);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts untouched files and names them", async () => {
    await expect(verifyChecksums(dump)).resolves.toEqual([
      "db_20261127T101500Z.dump",
      "db_20261127T101500Z.manifest.json",
    ]);
    expect(fs.statSync(`${dump}.sha256`).mode & 0o777).toBe(0o600);
  });

  it("refuses a changed dump and a changed manifest", async () => {
    fs.appendFileSync(dump, "!");
    await expect(verifyChecksums(dump)).rejects.toThrow(/MISMATCH for db_20261127T101500Z\.dump/);
    fs.writeFileSync(dump, "dump bytes");
    fs.writeFileSync(path.join(dir, "db_20261127T101500Z.manifest.json"), '{"x":1}');
    await expect(verifyChecksums(dump)).rejects.toThrow(/MISMATCH for db_20261127T101500Z\.manifest\.json/);
  });

  it("refuses a missing checksum file, a missing listed file, and a list without the dump", async () => {
    fs.rmSync(path.join(dir, "db_20261127T101500Z.manifest.json"));
    await expect(verifyChecksums(dump)).rejects.toThrow(/manifest\.json, listed in .* is missing/);
    fs.writeFileSync(`${dump}.sha256`, `${HEX}  other.dump\n`);
    await expect(verifyChecksums(dump)).rejects.toThrow(/has no line for db_20261127T101500Z\.dump/);
    fs.rmSync(`${dump}.sha256`);
    await expect(verifyChecksums(dump)).rejects.toThrow(/\.sha256 is missing/);
  });
});
