import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/csv/parse";
import { formatRowError, GUEST_CSV_COLUMNS, guestsToCsv, readGuestCsv, type CsvRowError } from "./csv";

const HEADER = GUEST_CSV_COLUMNS.join(",");

function errorsOf(text: string): string[] {
  const result = readGuestCsv(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.errors.map(formatRowError);
}

function rowsOf(text: string) {
  const result = readGuestCsv(text);
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join("\n"));
  return result.rows;
}

describe("guestsToCsv", () => {
  const rows = [
    {
      household: "Smith, Ana & Tom",
      plusOneAllowance: 2,
      fullName: 'Ana "Annie" Smith',
      email: "ana@example.test",
      phone: "+389 70 123 456",
      dietaryPreference: "Vegan\nno nuts",
    },
    {
      household: "Zoë Berg",
      plusOneAllowance: 0,
      fullName: "Zoë Berg",
      email: null,
      phone: null,
      dietaryPreference: null,
    },
  ];

  it("writes exactly the import's columns, one row per guest, with a BOM and CRLF, quoting where needed", () => {
    const text = guestsToCsv(rows);
    expect(text.startsWith("\uFEFF" + HEADER + "\r\n")).toBe(true);
    expect(text).toBe(
      "\uFEFF" +
        `${HEADER}\r\n` +
        `"Smith, Ana & Tom",2,"Ana ""Annie"" Smith",ana@example.test,'+389 70 123 456,"Vegan\nno nuts"\r\n` +
        "Zoë Berg,0,Zoë Berg,,,\r\n",
    );
  });

  it("guards cells a spreadsheet would run as formulas", () => {
    const text = guestsToCsv([{ ...rows[1]!, fullName: '=HYPERLINK("x")', dietaryPreference: "@SUM(A1)" }]);
    const parsed = parseCsv(text);
    expect(parsed.ok && parsed.records[1]!.fields).toEqual(["Zoë Berg", "0", '\'=HYPERLINK("x")', "", "", "'@SUM(A1)"]);
  });

  it("reads back what it wrote", () => {
    const back = rowsOf(
      guestsToCsv(rows.map((r) => ({ ...r, dietaryPreference: r.dietaryPreference?.replace("\n", " ") ?? null }))),
    );
    expect(back.map((r) => ({ ...r, row: undefined }))).toEqual([
      { ...rows[0], dietaryPreference: "Vegan no nuts", row: undefined },
      { ...rows[1], row: undefined },
    ]);
    expect(back.map((r) => r.row)).toEqual([2, 3]);
  });
});

describe("readGuestCsv", () => {
  it("reads a file with a BOM, CRLF, quoted fields and blank lines, with spreadsheet row numbers", () => {
    const text =
      "\uFEFF" +
      `${HEADER}\r\n` +
      `"Petrov, Ivan & Maria",1,Ivan Petrov,IVAN@Example.test,,\r\n` +
      `\r\n` +
      `"Petrov, Ivan & Maria",,"Maria ""Masha"" Petrova",,+389 70 000 000,Vegetarian\r\n`;
    expect(rowsOf(text)).toEqual([
      {
        row: 2,
        household: "Petrov, Ivan & Maria",
        plusOneAllowance: 1,
        fullName: "Ivan Petrov",
        email: "ivan@example.test",
        phone: null,
        dietaryPreference: null,
      },
      {
        row: 4,
        household: "Petrov, Ivan & Maria",
        plusOneAllowance: null,
        fullName: 'Maria "Masha" Petrova',
        email: null,
        phone: "+389 70 000 000",
        dietaryPreference: "Vegetarian",
      },
    ]);
  });

  it("accepts the columns in any order and in any case, and short rows", () => {
    const text = "Full_Name,HOUSEHOLD,email,phone,dietary_preference,plus_one_allowance\nAna,The Smiths\n";
    expect(rowsOf(text)).toMatchObject([
      { row: 2, fullName: "Ana", household: "The Smiths", email: null, plusOneAllowance: null },
    ]);
  });

  it("lists every bad row and column, numbered as in a spreadsheet", () => {
    const text = [
      HEADER,
      "Smiths,1,Ana Smith,ana@example.test,,",
      'Smiths,1,"Tom\nSmith",tom@,,',
      ",21,,,,",
      "Smiths,x,Eve Smith,,phone?,",
      `Smiths,,${"n".repeat(10_000)},,,`,
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      "Row 3, full_name: Full name cannot contain control characters.",
      "Row 3, email: Invalid email address, expected something like name@example.com.",
      "Row 4, household: Enter a household name.",
      "Row 4, plus_one_allowance: Enter a whole number from 0 to 20.",
      "Row 4, full_name: Enter a full name.",
      "Row 5, plus_one_allowance: Enter a whole number from 0 to 20, or leave it empty.",
      "Row 5, phone: Invalid phone number: use digits, spaces and + ( ) - . / only.",
      "Row 6, full_name: Full name has at most 200 characters.",
    ]);
  });

  it("finds duplicates within the file and households given two allowances", () => {
    const text = [
      HEADER,
      "Smiths,1,Ana Smith,ana@example.test,,",
      "Smiths,2,Tom Smith,ANA@example.test,,",
      "smiths,,  ana   SMITH ,,,",
      "Jones,,Ana Smith,,,",
    ].join("\r\n");
    expect(errorsOf(text)).toEqual([
      "Row 3, email: The same email address as row 2.",
      "Row 3, plus_one_allowance: Row 2 gives this household an allowance of 1; a household has one allowance.",
      "Row 4, full_name: The same guest as row 2 (same name in the same household).",
    ]);
  });

  it("refuses a wrong header", () => {
    expect(errorsOf("name,email\nAna,a@b.test\n")).toEqual([
      'Row 1: Unknown column "name".',
      "Row 1: The column household is missing.",
      "Row 1: The column plus_one_allowance is missing.",
      "Row 1: The column full_name is missing.",
      "Row 1: The column phone is missing.",
      "Row 1: The column dietary_preference is missing.",
      `Row 1: The first row must name the columns: ${HEADER}.`,
    ]);
    expect(errorsOf(`${HEADER},email\n`)).toContain("Row 1: The column email appears twice.");
  });

  it("refuses an empty file, a header alone, extra cells and broken quoting", () => {
    expect(errorsOf("")).toEqual([`Row 1: The file is empty. The first row names the columns: ${HEADER}.`]);
    expect(errorsOf(`\uFEFF${HEADER}\r\n\r\n`)).toEqual(["Row 2: The file has no guests below its header."]);
    expect(errorsOf(`${HEADER}\nA,0,B,,,,extra\n`)).toEqual([
      "Row 2: The row has 7 cells but the header has 6 columns.",
    ]);
    expect(rowsOf(`${HEADER},\nA,0,B,,,,\n`)).toHaveLength(1);
    expect(errorsOf(`${HEADER}\nA,0,"B,,,\n`)).toEqual([
      "Row 2: A quoted field is never closed: a closing quote mark is missing.",
    ]);
  });

  it("refuses more than 5000 guests", () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => `H${i},0,Guest ${i},,,`);
    expect(errorsOf([HEADER, ...rows].join("\n"))).toEqual([
      "Row 5002: The file has more than 5000 guests. Split it into smaller files.",
    ]);
    expect(rowsOf([HEADER, ...rows.slice(0, 5_000)].join("\n"))).toHaveLength(5_000);
  });

  it("keeps SQL-looking text as text", () => {
    expect(rowsOf(`${HEADER}\n"x'); DROP TABLE guest;--",0,"Robert'); --",,,"1=1 OR"`)).toMatchObject([
      { household: "x'); DROP TABLE guest;--", fullName: "Robert'); --", dietaryPreference: "1=1 OR" },
    ]);
  });
});

describe("formatRowError", () => {
  it("names the row and, when there is one, the column", () => {
    const withColumn: CsvRowError = { row: 7, column: "email", message: "Invalid email" };
    expect(formatRowError(withColumn)).toBe("Row 7, email: Invalid email");
    expect(formatRowError({ row: 2, column: null, message: "Too many cells." })).toBe("Row 2: Too many cells.");
  });
});
