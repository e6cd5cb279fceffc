import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { parseCsv } from "@/lib/csv/parse";
import { MAX_IMPORT_ROWS, ZAllowanceValue, ZDietary, ZEmail, ZFullName, ZHouseholdName, ZPhone } from "./schema";

// The guest list as CSV: one row per guest, the same columns both ways. The
// export is UTF-8 with a byte-order mark (so Excel reads accents right), CRLF
// line ends, and fields quoted where needed. The import reads such a file and
// checks EVERY row before anything is written (import-guests.ts writes).

export const GUEST_CSV_COLUMNS = [
  "household",
  "plus_one_allowance",
  "full_name",
  "email",
  "phone",
  "dietary_preference",
] as const;
export type TGuestCsvColumn = (typeof GUEST_CSV_COLUMNS)[number];

export type GuestCsvRow = {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  household: string;
  /** null when the cell is empty: keep the household's allowance (0 for a new household). */
  plusOneAllowance: number | null;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
};

export type CsvRowError = { row: number; column: TGuestCsvColumn | null; message: string };

export function formatRowError(error: CsvRowError): string {
  return error.column ? `Row ${error.row}, ${error.column}: ${error.message}` : `Row ${error.row}: ${error.message}`;
}

export type GuestCsvExportRow = {
  household: string;
  plusOneAllowance: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
};

/** The export file's text. Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe. */
export function guestsToCsv(rows: GuestCsvExportRow[]): string {
  return stringify(
    [
      [...GUEST_CSV_COLUMNS],
      ...rows.map((r) => [
        r.household,
        String(r.plusOneAllowance),
        r.fullName,
        r.email ?? "",
        r.phone ?? "",
        r.dietaryPreference ?? "",
      ]),
    ],
    { bom: true, record_delimiter: "windows", quote_record_delimiter: true, escape_formulas: true },
  );
}

/** Undoes the export's formula guard, so a file exported and imported again is unchanged. */
function unguard(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

const ZCsvRowSchema = z.object({
  household: ZHouseholdName,
  plus_one_allowance: z
    .string()
    .trim()
    .refine((v) => /^\d{0,9}$/.test(v), "Enter a whole number from 0 to 20, or leave it empty.")
    .transform((v) => (v === "" ? null : Number(v)))
    .pipe(ZAllowanceValue.nullable()),
  full_name: ZFullName,
  email: ZEmail,
  phone: ZPhone,
  dietary_preference: ZDietary,
});

/** Case, spacing and surrounding blanks do not make two names different. */
export function nameKey(value: string): string {
  return value.trim().replace(/\s+/g, " ").toLowerCase();
}

export type ReadGuestCsvResult = { ok: true; rows: GuestCsvRow[] } | { ok: false; errors: CsvRowError[] };

/**
 * Parses and checks a whole file: the header, then every row on its own (zod),
 * then the rows against each other (duplicates within the file, one
 * allowance per household). Every problem is reported, not only the first.
 */
export function readGuestCsv(text: string): ReadGuestCsvResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ row: parsed.row, column: null, message: parsed.error }] };
  const [header, ...records] = parsed.records;
  if (!header) {
    return {
      ok: false,
      errors: [
        {
          row: 1,
          column: null,
          message: `The file is empty. The first row names the columns: ${GUEST_CSV_COLUMNS.join(",")}.`,
        },
      ],
    };
  }

  const names = header.fields.map((name) => name.trim().toLowerCase());
  const headerErrors: CsvRowError[] = [];
  names.forEach((name, index) => {
    if (name === "" && index === names.length - 1 && index >= GUEST_CSV_COLUMNS.length) return;
    if (!(GUEST_CSV_COLUMNS as readonly string[]).includes(name)) {
      headerErrors.push({ row: header.row, column: null, message: `Unknown column "${header.fields[index]}".` });
    } else if (names.indexOf(name) !== index) {
      headerErrors.push({ row: header.row, column: null, message: `The column ${name} appears twice.` });
    }
  });
  for (const column of GUEST_CSV_COLUMNS) {
    if (!names.includes(column))
      headerErrors.push({ row: header.row, column: null, message: `The column ${column} is missing.` });
  }
  if (headerErrors.length > 0) {
    headerErrors.push({
      row: header.row,
      column: null,
      message: `The first row must name the columns: ${GUEST_CSV_COLUMNS.join(",")}.`,
    });
    return { ok: false, errors: headerErrors };
  }
  if (records.length === 0) {
    return {
      ok: false,
      errors: [{ row: header.row + 1, column: null, message: "The file has no guests below its header." }],
    };
  }
  if (records.length > MAX_IMPORT_ROWS) {
    const first = records[MAX_IMPORT_ROWS]!;
    return {
      ok: false,
      errors: [
        {
          row: first.row,
          column: null,
          message: `The file has more than ${MAX_IMPORT_ROWS} guests. Split it into smaller files.`,
        },
      ],
    };
  }

  const index = Object.fromEntries(GUEST_CSV_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<
    TGuestCsvColumn,
    number
  >;
  const errors: CsvRowError[] = [];
  const rows: GuestCsvRow[] = [];
  for (const record of records) {
    const extra = record.fields.slice(names.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0) {
      errors.push({
        row: record.row,
        column: null,
        message: `The row has ${record.fields.length} cells but the header has ${names.length} columns.`,
      });
      continue;
    }
    const raw = Object.fromEntries(
      GUEST_CSV_COLUMNS.map((column) => [column, unguard(record.fields[index[column]] ?? "")]),
    );
    const result = ZCsvRowSchema.safeParse(raw);
    if (!result.success) {
      const seen = new Set<string>();
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "") as TGuestCsvColumn;
        if (seen.has(column)) continue;
        seen.add(column);
        errors.push({ row: record.row, column: column || null, message: issue.message });
      }
      continue;
    }
    const v = result.data;
    rows.push({
      row: record.row,
      household: v.household,
      plusOneAllowance: v.plus_one_allowance,
      fullName: v.full_name,
      email: v.email,
      phone: v.phone,
      dietaryPreference: v.dietary_preference,
    });
  }

  errors.push(...findDuplicatesWithinFile(rows));
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, rows };
}

function findDuplicatesWithinFile(rows: GuestCsvRow[]): CsvRowError[] {
  const errors: CsvRowError[] = [];
  const byEmail = new Map<string, number>();
  const byName = new Map<string, number>();
  const allowance = new Map<string, { row: number; value: number }>();
  for (const r of rows) {
    if (r.email) {
      const first = byEmail.get(r.email);
      if (first !== undefined) {
        errors.push({ row: r.row, column: "email", message: `The same email address as row ${first}.` });
      } else byEmail.set(r.email, r.row);
    }
    const key = `${nameKey(r.household)}\u0000${nameKey(r.fullName)}`;
    const firstByName = byName.get(key);
    if (firstByName !== undefined) {
      errors.push({
        row: r.row,
        column: "full_name",
        message: `The same guest as row ${firstByName} (same name in the same household).`,
      });
    } else byName.set(key, r.row);
    if (r.plusOneAllowance !== null) {
      const set = allowance.get(nameKey(r.household));
      if (set && set.value !== r.plusOneAllowance) {
        errors.push({
          row: r.row,
          column: "plus_one_allowance",
          message: `Row ${set.row} gives this household an allowance of ${set.value}; a household has one allowance.`,
        });
      } else if (!set) allowance.set(nameKey(r.household), { row: r.row, value: r.plusOneAllowance });
    }
  }
  return errors;
}
