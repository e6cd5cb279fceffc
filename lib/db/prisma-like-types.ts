import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";

// readAs() answers through node-postgres, but its callers were written for
// Prisma's $queryRaw. These parsers make pg return what $queryRaw returns for
// the types the app reads: int8 as bigint, numeric as Prisma.Decimal, date,
// time and timestamp as UTC Dates (pg would read them in the process's time
// zone), bytea as Uint8Array, and arrays of these. Everything else (int2/int4,
// float, bool, text, enums, uuid, json/jsonb, timestamptz) already matches.
// Known differences, rare in reads: money and oid stay pg's (string, number);
// interval, which $queryRaw refuses, comes back as pg's text.

const { builtins } = pg.types;
// text[]: the element parsers below take its strings.
const TEXT_ARRAY = 1009 as (typeof builtins)["TEXT"];
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY) as (value: string) => (string | null)[];
const parseBytea = pg.types.getTypeParser(builtins.BYTEA) as (value: string) => Buffer;

const ARRAY_OIDS = { INT8: 1016, NUMERIC: 1231, DATE: 1182, TIMESTAMP: 1115, TIMESTAMPTZ: 1185, TIME: 1183 } as const;

const toBigInt = (value: string) => BigInt(value);
const toDecimal = (value: string) => new Prisma.Decimal(value);
const toUtcDate = (value: string) => new Date(`${value}T00:00:00Z`);
const toUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const toUtcTime = (value: string) => new Date(`1970-01-01T${value}Z`);

function arrayOf<T>(parse: (value: string) => T) {
  return (value: string) => parseTextArray(value).map((item) => (item === null ? null : parse(item)));
}

const PARSERS: Record<number, (value: string) => unknown> = {
  [builtins.INT8]: toBigInt,
  [ARRAY_OIDS.INT8]: arrayOf(toBigInt),
  [builtins.NUMERIC]: toDecimal,
  [ARRAY_OIDS.NUMERIC]: arrayOf(toDecimal),
  [builtins.DATE]: toUtcDate,
  [ARRAY_OIDS.DATE]: arrayOf(toUtcDate),
  [builtins.TIMESTAMP]: toUtcTimestamp,
  [ARRAY_OIDS.TIMESTAMP]: arrayOf(toUtcTimestamp),
  [builtins.TIME]: toUtcTime,
  [ARRAY_OIDS.TIME]: arrayOf(toUtcTime),
  [builtins.BYTEA]: (value) => new Uint8Array(parseBytea(value)),
};

/** The `types` option of a pg pool whose rows look like $queryRaw's. */
export const PRISMA_LIKE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    (format ?? "text") === "text" && PARSERS[oid]
      ? PARSERS[oid]
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * A Prisma.Sql value as $queryRaw would send it: Decimals as their digits
 * (pg would JSON-quote them), Dates as ISO instants in UTC (pg would write
 * them in the process's time zone, which shifts a date column's day).
 */
export function toPgValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toPgValue);
  return value;
}
