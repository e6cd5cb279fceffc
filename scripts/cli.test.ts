import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CliError, parseCli } from "./cli";

const USAGE = "Usage: npm run x -- FILE [--to NAME] [--force]";
const schema = z
  .object({
    positionals: z.array(z.string()).length(1, "Name exactly one file."),
    to: z.string({ error: "Required: a name." }).regex(/^[a-z]+$/, "Lower-case letters only."),
    force: z.boolean().default(false),
  })
  .strict();
const flags = { to: { type: "string" as const }, force: { type: "boolean" as const } };

function parse(argv: string[]) {
  return parseCli(argv, { flags, schema, usage: USAGE });
}

function failure(argv: string[]): string {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error("parseCli accepted bad input");
}

describe("parseCli", () => {
  it("reads flags in both spellings, booleans and positionals", () => {
    expect(parse(["a.dump", "--to", "copy"])).toEqual({ positionals: ["a.dump"], to: "copy", force: false });
    expect(parse(["--to=copy", "--force", "a.dump"])).toEqual({ positionals: ["a.dump"], to: "copy", force: true });
  });

  it("names the problem and shows the usage", () => {
    expect(failure(["a.dump", "--to", "copy", "--frobnicate"])).toBe(`Unknown option '--frobnicate'.\n${USAGE}`);
    expect(failure(["a.dump", "--to"])).toMatch(/^Option '--to <value>' argument missing\n/);
    expect(failure(["a.dump", "--to", "Copy"])).toBe(`--to: Lower-case letters only.\n${USAGE}`);
    expect(failure(["a.dump"])).toBe(`--to: Required: a name.\n${USAGE}`);
    expect(failure(["--to", "copy"])).toBe(`Argument: Name exactly one file.\n${USAGE}`);
    expect(failure(["a.dump", "b.dump", "--to", "copy"])).toBe(`Argument: Name exactly one file.\n${USAGE}`);
  });
});
