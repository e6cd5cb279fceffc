// A small RFC 4180 parser: comma-separated fields, optionally in double quotes,
// where a quoted field may hold commas, newlines and quotes (doubled). Records
// end with CRLF, LF or a lone CR. A leading UTF-8 byte-order mark is dropped.
//
// Each record keeps the row number a spreadsheet shows for it (the first
// record is row 1), so errors can point at the right row: a quoted newline
// does not start a new row, and a blank line is skipped but still counted.

export type CsvRecord = { row: number; fields: string[] };

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; row: number; error: string };

export type CsvParseOptions = {
  /** Stop with an error once more records than this have been read (blank lines do not count). */
  maxRecords?: number;
};

const BOM = "\uFEFF";

export function parseCsv(input: string, options: CsvParseOptions = {}): CsvParseResult {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let row = 1;
  let i = 0;

  const endRecord = (): CsvParseResult | null => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === "" && !quoted;
    if (!blank) {
      if (records.length >= maxRecords) {
        return { ok: false, row, error: `The file has more than ${maxRecords} rows.` };
      }
      records.push({ row, fields });
    }
    fields = [];
    field = "";
    quoted = false;
    row++;
    return null;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === "" && !quoted) {
      // A quoted field runs to the next quote that is not doubled.
      const startRow = row;
      let j = i + 1;
      let value = "";
      for (;;) {
        const next = text.indexOf('"', j);
        if (next === -1) {
          return {
            ok: false,
            row: startRow,
            error: "A quoted field is never closed: a closing quote mark is missing.",
          };
        }
        value += text.slice(j, next);
        if (text[next + 1] === '"') {
          value += '"';
          j = next + 2;
          continue;
        }
        j = next + 1;
        break;
      }
      const after = text[j];
      if (after !== undefined && after !== "," && after !== "\r" && after !== "\n") {
        return {
          ok: false,
          row: startRow,
          error: 'Unexpected text after a closing quote mark. A quote inside a quoted field is written twice ("").',
        };
      }
      field = value;
      quoted = true;
      i = j;
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      quoted = false;
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      const failed = endRecord();
      if (failed) return failed;
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (c === '"' || quoted) {
      return {
        ok: false,
        row,
        error:
          "A quote mark inside a field that is not quoted. Put the whole field in quotes and write the quote twice.",
      };
    }
    // Plain text up to the next delimiter, in one slice.
    let end = i + 1;
    while (end < text.length && !',\r\n"'.includes(text[end]!)) end++;
    field += text.slice(i, end);
    i = end;
  }
  // The last record needs no line break after it.
  if (field !== "" || quoted || fields.length > 0) {
    const failed = endRecord();
    if (failed) return failed;
  }
  return { ok: true, records };
}
