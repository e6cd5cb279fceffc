import { describe, expect, it } from "vitest";
import { parseSeedArgs } from "./schema";

describe("parseSeedArgs", () => {
  it("seeds without a reset when given no flags", () => {
    expect(parseSeedArgs([])).toEqual({ ok: true, args: { reset: false } });
  });

  it("accepts --reset", () => {
    expect(parseSeedArgs(["--reset"])).toEqual({ ok: true, args: { reset: true } });
  });

  it("names an unknown flag", () => {
    expect(parseSeedArgs(["--rest"])).toEqual({ ok: false, error: 'Unknown option "--rest".' });
  });

  it("rejects a stray argument next to --reset", () => {
    const parsed = parseSeedArgs(["--reset", "now"]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('"now"');
  });
});
