import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { PRISMA_LIKE_TYPES, toPgValue } from "./prisma-like-types";

// What readAs's pool makes of PostgreSQL's text output, and of a statement's
// values: the same as $queryRaw (the integration test compares the two on a live
// database; these pin the edge cases).

const parse = (oid: number, text: string) =>
  (PRISMA_LIKE_TYPES.getTypeParser(oid, "text") as (v: string) => unknown)(text);

describe("PRISMA_LIKE_TYPES", () => {
  it("reads int8, numeric and their arrays as bigint and Decimal, NULL elements as null", () => {
    expect(parse(20, "9007199254740993")).toBe(9007199254740993n);
    expect(parse(1016, "{1,NULL,3}")).toEqual([1n, null, 3n]);
    expect(parse(1700, "12.30")).toEqual(new Prisma.Decimal("12.30"));
    expect(parse(1231, "{1.5,NULL}")).toEqual([new Prisma.Decimal("1.5"), null]);
  });

  it("reads date, timestamp and time in UTC whatever the process's time zone", () => {
    expect(parse(1082, "2025-06-07")).toEqual(new Date("2025-06-07T00:00:00Z"));
    expect(parse(1182, "{2025-01-02,NULL}")).toEqual([new Date("2025-01-02T00:00:00Z"), null]);
    expect(parse(1114, "2025-06-07 10:11:12.345")).toEqual(new Date("2025-06-07T10:11:12.345Z"));
    expect(parse(1083, "10:11:12")).toEqual(new Date("1970-01-01T10:11:12Z"));
  });

  it("reads bytea as a Uint8Array and leaves other types to pg", () => {
    expect(parse(17, "\\x0102")).toEqual(new Uint8Array([1, 2]));
    expect(parse(23, "42")).toBe(42);
    expect(parse(25, "text")).toBe("text");
    expect(parse(3802, '{"a":1}')).toEqual({ a: 1 });
  });
});

describe("toPgValue", () => {
  it("sends Decimals as digits and Dates as UTC instants, inside arrays too", () => {
    expect(toPgValue(new Prisma.Decimal("19.990"))).toBe("19.99");
    expect(toPgValue(new Date("2025-06-07T00:00:00Z"))).toBe("2025-06-07T00:00:00.000Z");
    expect(toPgValue([new Prisma.Decimal("1.1"), new Date(0)])).toEqual(["1.1", "1970-01-01T00:00:00.000Z"]);
  });

  it("leaves everything else as it is", () => {
    for (const value of ["x", 1, 2n, true, null, undefined, { a: 1 }]) expect(toPgValue(value)).toBe(value);
  });
});
