import { z } from "zod";

// Search params come from whoever typed or shared the address. A bad value
// must not turn a list into an error page: each field is parsed on its own,
// a bad one falls back to its default, and a note says what was ignored.

export type RawSearchParams = Record<string, string | string[] | undefined>;

export type SearchParamField = { schema: z.ZodType; label: string; hint: string };

type Output<F extends Record<string, SearchParamField>, K extends keyof F> = z.output<F[K]["schema"]>;

/** Fields that may be absent become optional keys; fields with a default are always there. */
export type SearchParamValues<F extends Record<string, SearchParamField>> = {
  [K in keyof F as undefined extends Output<F, K> ? K : never]?: Exclude<Output<F, K>, undefined>;
} & {
  [K in keyof F as undefined extends Output<F, K> ? never : K]: Output<F, K>;
};

export type ParsedSearchParams<F extends Record<string, SearchParamField>> = {
  values: SearchParamValues<F>;
  notes: string[];
};

const MAX_ECHO = 40;

function echo(value: string): string {
  const oneLine = value.replace(/\s+/g, " ");
  return oneLine.length > MAX_ECHO ? `${oneLine.slice(0, MAX_ECHO)}…` : oneLine;
}

/** Parses each field leniently: `schema.parse(undefined)` is the field's default. */
export function parseSearchParams<F extends Record<string, SearchParamField>>(
  fields: F,
  raw: RawSearchParams,
): ParsedSearchParams<F> {
  const values: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const input = raw[key];
    const fallback = field.schema.parse(undefined);
    const applyFallback = () => {
      if (fallback !== undefined) values[key] = fallback;
    };
    if (input === undefined || input === "") {
      applyFallback();
      continue;
    }
    if (Array.isArray(input)) {
      applyFallback();
      notes.push(`Ignored ${field.label}: it was given more than once.`);
      continue;
    }
    const parsed = field.schema.safeParse(input);
    if (parsed.success) {
      values[key] = parsed.data;
    } else {
      applyFallback();
      notes.push(`Ignored ${field.label} "${echo(input)}": ${field.hint}`);
    }
  }
  return { values: values as ParsedSearchParams<F>["values"], notes };
}

/** URLSearchParams (a route handler's request) as the record pages receive. */
export function searchParamsToRecord(params: URLSearchParams): RawSearchParams {
  const out: RawSearchParams = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** A query string with only the values that differ from their defaults, in a stable order. */
export function toQueryString(
  values: Record<string, string | number | undefined>,
  defaults: Record<string, unknown>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === "" || defaults[key] === value) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** A whole number written plainly ("12", not "1e1" or "12.0"), from 1 to max. */
export function zPositiveInt(max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));
}

/** "YYYY-MM-DD" that names a real calendar day. */
export const ZIsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  });

/** Escapes LIKE wildcards: Prisma's contains/startsWith pass them through to ILIKE. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
