import { describe, expect, it } from "vitest";
import { checksumMatches, prismaChecksum, splitStatements } from "./migrate";

describe("prismaChecksum", () => {
  it("is the zero-padded SHA-256 hex that Prisma's schema engine computes", () => {
    // The same vector as prisma-engines' checksum.rs test.
    expect(prismaChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(prismaChecksum("abcd")).toHaveLength(64);
  });

  it("matches scripts whose line endings git converted, and nothing else", () => {
    const unix = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
    const windows = unix.replaceAll("\n", "\r\n");
    expect(checksumMatches(windows, prismaChecksum(unix))).toBe(true);
    expect(checksumMatches(unix, prismaChecksum(windows))).toBe(true);
    expect(checksumMatches("abc\n", prismaChecksum("abc"))).toBe(false);
  });
});

describe("splitStatements", () => {
  it("keeps semicolons inside strings, identifiers, comments and dollar-quoted bodies", () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE "we;ird" (note text DEFAULT 'a;b');
/* block; comment */
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
SELECT $tag$ ; $tag$;
SELECT 'it''s; fine'`;
    expect(splitStatements(sql).map((s) => s.text.replace(/\s+/g, " "))).toEqual([
      `-- a comment; with a semicolon CREATE TABLE "we;ird" (note text DEFAULT 'a;b');`,
      `/* block; comment */ CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;`,
      `SELECT $tag$ ; $tag$;`,
      `SELECT 'it''s; fine'`,
    ]);
  });

  it("drops comment-only tails", () => {
    expect(splitStatements("SELECT 1;\n-- done\n")).toHaveLength(1);
  });
});
