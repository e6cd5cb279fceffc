import { describe, expect, it } from "vitest";
import { parseCsv, type CsvParseResult } from "./parse";

function records(result: CsvParseResult) {
  if (!result.ok) throw new Error(`parse failed at row ${result.row}: ${result.error}`);
  return result.records;
}

const fields = (result: CsvParseResult) => records(result).map((r) => r.fields);

describe("parseCsv", () => {
  it("reads plain fields and rows", () => {
    expect(fields(parseCsv("a,b,c\n1,2,3\n"))).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads the last row without a line break and keeps empty fields", () => {
    expect(fields(parseCsv("a,,c\n,,"))).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });

  it("accepts CRLF, LF and a lone CR as line breaks", () => {
    expect(fields(parseCsv("a,b\r\n1,2\r3,4\n5,6\r\n"))).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("drops a UTF-8 byte-order mark at the start only", () => {
    expect(fields(parseCsv("\uFEFFname,x\n\uFEFFa,b"))).toEqual([
      ["name", "x"],
      ["\uFEFFa", "b"],
    ]);
  });

  it("reads quoted fields holding commas, doubled quotes and line breaks", () => {
    const text = 'name,note\r\n"Smith, Ana","She said ""hi"""\r\n"two\r\nlines","x\ny"\r\n';
    expect(fields(parseCsv(text))).toEqual([
      ["name", "note"],
      ["Smith, Ana", 'She said "hi"'],
      ["two\r\nlines", "x\ny"],
    ]);
  });

  it("reads an empty quoted field as empty and a quoted field at the end of the file", () => {
    expect(fields(parseCsv('"",b,"c"'))).toEqual([["", "b", "c"]]);
  });

  it("numbers rows as a spreadsheet does: a quoted newline stays in its row, blank lines still count", () => {
    const text = 'h1,h2\n"a\nb",1\n\n\r\nc,2\n';
    expect(records(parseCsv(text))).toEqual([
      { row: 1, fields: ["h1", "h2"] },
      { row: 2, fields: ["a\nb", "1"] },
      { row: 5, fields: ["c", "2"] },
    ]);
  });

  it("returns ragged rows as they are", () => {
    expect(fields(parseCsv("a,b,c\n1\n1,2,3,4\n"))).toEqual([["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]);
  });

  it("returns nothing for an empty file or only a BOM and blank lines", () => {
    expect(records(parseCsv(""))).toEqual([]);
    expect(records(parseCsv("\uFEFF\r\n\n"))).toEqual([]);
  });

  it("keeps spaces and non-ASCII text as they are", () => {
    expect(fields(parseCsv(" Zoë , Åsa Berg ,日本"))).toEqual([[" Zoë ", " Åsa Berg ", "日本"]]);
  });

  it("refuses a quoted field that is never closed, naming the row it starts on", () => {
    const result = parseCsv('a,b\n1,2\n3,"open\n4,5\n');
    expect(result).toMatchObject({ ok: false, row: 3 });
    expect(!result.ok && result.error).toMatch(/never closed/);
  });

  it("refuses text after a closing quote", () => {
    const result = parseCsv('a,b\n"x"y,2\n');
    expect(result).toMatchObject({ ok: false, row: 2 });
    expect(!result.ok && result.error).toMatch(/after a closing quote/);
  });

  it("refuses a quote inside an unquoted field", () => {
    const result = parseCsv('a,b\nO"Brien,2\n');
    expect(result).toMatchObject({ ok: false, row: 2 });
    expect(!result.ok && result.error).toMatch(/not quoted/);
  });

  it("stops once the file has more records than allowed", () => {
    expect(parseCsv("h\n1\n2\n3\n", { maxRecords: 3 })).toMatchObject({ ok: false, row: 4 });
    expect(records(parseCsv("h\n1\n2\n\n\n", { maxRecords: 3 }))).toHaveLength(3);
  });

  it("stores SQL and formula text as plain text", () => {
    expect(fields(parseCsv('"Robert\'); DROP TABLE guest;--",=1+1'))).toEqual([
      ["Robert'); DROP TABLE guest;--", "=1+1"],
    ]);
  });
});
