import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  escapeLike,
  parseSearchParams,
  searchParamsToRecord,
  toQueryString,
  zPositiveInt,
  ZIsoDay,
} from "./search-params";

const fields = {
  q: { schema: z.string().max(5).optional(), label: "the search", hint: "at most 5 characters." },
  page: { schema: zPositiveInt(10).default(1), label: "the page", hint: "1 to 10." },
};

describe("parseSearchParams", () => {
  it("parses each field on its own and notes what it ignored", () => {
    expect(parseSearchParams(fields, { q: "abc", page: "2", other: "kept out" })).toEqual({
      values: { q: "abc", page: 2 },
      notes: [],
    });
    expect(parseSearchParams(fields, { q: "abcdef", page: "11" })).toEqual({
      values: { page: 1 },
      notes: ['Ignored the search "abcdef": at most 5 characters.', 'Ignored the page "11": 1 to 10.'],
    });
  });

  it("shows whitespace of a bad value on one line", () => {
    expect(parseSearchParams(fields, { q: "a\n\nb  c d" }).notes).toEqual([
      'Ignored the search "a b c d": at most 5 characters.',
    ]);
  });
});

describe("zPositiveInt", () => {
  it("takes plainly written whole numbers only", () => {
    const page = zPositiveInt(100);
    expect(page.parse("7")).toBe(7);
    for (const bad of ["0", "101", "1e2", "7.0", " 7", "0x10", "-1", ""])
      expect(page.safeParse(bad).success, bad).toBe(false);
  });
});

describe("ZIsoDay", () => {
  it("takes real calendar days", () => {
    expect(ZIsoDay.safeParse("2028-02-29").success).toBe(true);
    for (const bad of ["2027-02-29", "2026-1-01", "2026-11-01T00:00", "tomorrow"]) {
      expect(ZIsoDay.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("helpers", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(escapeLike("50%_a\\b")).toBe("50\\%\\_a\\\\b");
  });

  it("turns URLSearchParams into the record a page receives", () => {
    expect(searchParamsToRecord(new URLSearchParams("a=1&b=2&b=3&c="))).toEqual({ a: "1", b: ["2", "3"], c: "" });
  });

  it("writes only non-default values", () => {
    expect(toQueryString({ a: "x y", b: 1, c: undefined, d: "" }, { b: 1 })).toBe("?a=x+y");
    expect(toQueryString({ b: 1 }, { b: 1 })).toBe("");
  });
});
