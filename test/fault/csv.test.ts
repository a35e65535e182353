import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, csvText, parseCsv } from "../../src/io/csv.js";
import * as msg from "../../src/io/messages.js";
import { FUZZ_RUNS, FUZZ_SEED } from "./fuzz-settings.js";

describe("csvText / parseCsv (RFC 4180)", () => {
  it("csvField(value) quotes commas, quotes, CR and LF; spreadsheetSafe prefixes formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", bob')).toBe('"say ""hi"", bob"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("=1+1")).toBe("=1+1");
    expect(csvField("=1+1", { spreadsheetSafe: true })).toBe("'=1+1");
    expect(csvField("-2", { spreadsheetSafe: true })).toBe("'-2");
    expect(csvField("@x,y", { spreadsheetSafe: true })).toBe(`"'@x,y"`);
    expect(csvField("ok", { spreadsheetSafe: true })).toBe("ok");
  });

  it("parseCsv(csvText(header, rows)) returns the rows for any text (property)", () => {
    const cell = fc.string({ unit: "binary", maxLength: 12 });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) =>
            fc.tuple(
              fc.array(cell, { minLength: w, maxLength: w }),
              fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 8 }),
            ),
          ),
        ([header, rows]) => {
          // A header of one empty name is one empty line: not distinguishable from no record.
          fc.pre(!(header.length === 1 && header[0] === ""));
          const rowsOk = rows.filter((r) => !(r.length === 1 && r[0] === ""));
          const t = parseCsv(csvText(header, rowsOk), "x.csv");
          expect(t.header).toEqual(header);
          expect(t.rows).toEqual(rowsOk);
        },
      ),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
  });

  it("parseCsv(text) reads CRLF records and line breaks inside quotes, with each record's line", () => {
    const t = parseCsv('id,name\r\n1,"a\r\nb"\r\n2,c\r\n', "x.csv");
    expect(t.rows).toEqual([
      ["1", "a\r\nb"],
      ["2", "c"],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });

  it("parseCsv(text) names file:line:column for malformed CSV", () => {
    expect(() => parseCsv('id,name\n1,"open\n', "x.csv")).toThrow(
      msg.csvSyntax("x.csv", 2, 3, "a quoted field is not closed"),
    );
    expect(() => parseCsv('id,name\n1,a"b\n', "x.csv")).toThrow(
      msg.csvSyntax("x.csv", 2, 4, "a quote inside an unquoted field"),
    );
    expect(() => parseCsv('id,name\n1,"a"b\n', "x.csv")).toThrow(
      msg.csvSyntax("x.csv", 2, 6, "text after a closing quote"),
    );
    expect(() => parseCsv("id,name\n1\n", "x.csv")).toThrow(
      msg.csvSyntax("x.csv", 2, 1, "1 fields, the header has 2"),
    );
    expect(() => parseCsv("", "x.csv")).toThrow(msg.csvEmpty("x.csv"));
  });

  it("parseCsv(text) never throws anything but its own error on arbitrary text (fuzz)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        try {
          parseCsv(text, "f.csv");
        } catch (e) {
          expect((e as Error).message).toMatch(
            /^f\.csv(:\d+:\d+: not a valid CSV file|: the file is empty)/,
          );
        }
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
  });
});
