/**
 * The one RFC 4180 CSV writer and reader of SegmentLab's own files (assignments.csv, the
 * segments folder, cohort files). Every output CSV is written by {@link csvText} and every
 * re-read of one of them goes through {@link parseCsv}, so a value holding a comma, a quote, a
 * CR or a LF survives a round trip: a record ends only at a line break outside quotes.
 * (Input data are read by DuckDB, not by this module.)
 */
import { SegmentLabError } from "../errors.js";
import * as msg from "./messages.js";

/** Options of {@link csvField} and {@link csvText}. */
export interface CsvWriteOptions {
  /**
   * Spreadsheet-safe text fields: a field starting with `=`, `+`, `-`, `@`, a tab or a CR (a
   * formula when a spreadsheet opens the file) is written with a leading `'`, which spreadsheets
   * show as text. Numbers written with {@link csvNumber} are never changed. Default false.
   */
  spreadsheetSafe?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quotes one text field (RFC 4180): a field holding a comma, a quote, a CR or a LF is wrapped
 * in double quotes with inner quotes doubled; other fields are written as they are.
 *
 * @param value - the text.
 * @param options - see {@link CsvWriteOptions}.
 * @returns the field as it appears in the file.
 * @example
 * csvField('say "hi", bob'); // => '"say ""hi"", bob"'
 * csvField("=cmd|' /C calc'!A0", { spreadsheetSafe: true }); // => "'=cmd|' /C calc'!A0"
 */
export function csvField(value: string, options: CsvWriteOptions = {}): string {
  const v = options.spreadsheetSafe === true && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * A number as a CSV field: the shortest text that reads back as the same double; a non-finite
 * number (a margin with one segment) as an empty field.
 *
 * @example
 * csvNumber(0.1); // => "0.1"
 * csvNumber(Infinity); // => ""
 */
export function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : "";
}

/** One CSV cell: text (quoted as needed) or a number (see {@link csvNumber}). */
export type CsvCell = string | number | boolean;

/**
 * Renders a header and rows as RFC 4180 CSV text, UTF-8, `\n` line ends, a final line end.
 * Strings go through {@link csvField}, numbers through {@link csvNumber}, booleans as
 * `true`/`false`.
 *
 * @param header - the column names.
 * @param rows - the records (each as long as the header).
 * @param options - see {@link CsvWriteOptions}.
 * @returns the file's text.
 * @throws {RangeError} when a row's length differs from the header's.
 * @example
 * csvText(["id", "n"], [["a,b", 1]]); // => 'id,n\n"a,b",1\n'
 */
export function csvText(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: CsvWriteOptions = {},
): string {
  const parts: string[] = [csvLine(header, options)];
  for (const row of rows) {
    if (row.length !== header.length)
      throw new RangeError(msg.csvRowLength(row.length, header.length));
    parts.push(csvLine(row, options));
  }
  return parts.join("");
}

/**
 * One CSV record with its line end (see {@link csvText}).
 *
 * @example
 * csvLine(["a", 2, true]); // => "a,2,true\n"
 */
export function csvLine(row: readonly CsvCell[], options: CsvWriteOptions = {}): string {
  return (
    row
      .map((c) =>
        typeof c === "number"
          ? csvNumber(c)
          : typeof c === "boolean"
            ? String(c)
            : csvField(c, options),
      )
      .join(",") + "\n"
  );
}

/** A parsed CSV file: its header and records (all text). */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** The line (1-based) each record of `rows` starts on. */
  lines: number[];
}

/**
 * Parses RFC 4180 CSV text (comma separator, `"` quoting with `""` for a quote, records ending
 * in LF or CRLF; a line break inside quotes belongs to the field). Every record must have as
 * many fields as the header.
 *
 * @param text - the file's text.
 * @param source - the file name, for error messages.
 * @returns the header and the records.
 * @throws {SegmentLabError} naming `source:line:column` for an unterminated quoted field, a
 *   quote inside an unquoted field, text after a closing quote, or a record with another number
 *   of fields than the header; and for an empty file.
 * @example
 * parseCsv('id,name\n1,"a\nb"\n', "x.csv").rows; // => [["1", "a\nb"]]
 */
export function parseCsv(text: string, source: string): CsvTable {
  const records: string[][] = [];
  const starts: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  let lineStart = 0;
  const fail = (problem: string, at: number): never => {
    throw new SegmentLabError(msg.csvSyntax(source, line, at - lineStart + 1, problem));
  };
  while (i < n) {
    const record: string[] = [];
    starts.push(line);
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        const open = i;
        const openLine = line;
        const openLineStart = lineStart;
        i++;
        for (;;) {
          if (i >= n) {
            line = openLine;
            lineStart = openLineStart;
            fail("a quoted field is not closed", open);
          }
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") {
            line++;
            lineStart = i + 1;
          }
          field += ch;
          i++;
        }
        if (
          i < n &&
          text[i] !== "," &&
          text[i] !== "\n" &&
          !(text[i] === "\r" && text[i + 1] === "\n")
        )
          fail("text after a closing quote", i);
      } else {
        const start = i;
        while (
          i < n &&
          text[i] !== "," &&
          text[i] !== "\n" &&
          !(text[i] === "\r" && text[i + 1] === "\n")
        ) {
          if (text[i] === '"') fail("a quote inside an unquoted field", i);
          i++;
        }
        field = text.slice(start, i);
      }
      record.push(field);
      if (i < n && text[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      i += text[i] === "\r" ? 2 : 1;
      line++;
      lineStart = i;
    }
    records.push(record);
  }
  if (records.length === 0) throw new SegmentLabError(msg.csvEmpty(source));
  const header = records[0]!;
  const rows = records.slice(1);
  rows.forEach((r, j) => {
    if (r.length !== header.length)
      throw new SegmentLabError(
        msg.csvSyntax(
          source,
          starts[j + 1]!,
          1,
          `${r.length} fields, the header has ${header.length}`,
        ),
      );
  });
  return { header, rows, lines: starts.slice(1) };
}
