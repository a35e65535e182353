import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { csvField, csvLine, csvNumber, parseCsv, type CsvWriteOptions } from "../io/csv.js";
import { openDatabase, quoteLiteral } from "../io/database.js";
import type { Assignments } from "./assign.js";
import * as msg from "./messages.js";

/** Options of {@link writeAssignments}. */
export interface WriteAssignmentsOptions extends CsvWriteOptions {
  /** Input files that must never be overwritten (the CLI passes the event files). Default `[]`. */
  inputs?: readonly string[];
}

/** The columns of an assignments file, in order. */
export const ASSIGNMENT_COLUMNS = [
  "user_id",
  "segment_id",
  "persona",
  "distance",
  "margin",
  "atypical",
] as const;

/**
 * Quotes one CSV field (RFC 4180); the one implementation is `io/csv.ts`, re-exported here
 * for the callers that imported it from the model stage.
 *
 * @example
 * csvField('say "hi", bob'); // => '"say ""hi"", bob"'
 */
export { csvField } from "../io/csv.js";

/**
 * Renders assignments as CSV text with the header
 * `user_id,segment_id,persona,distance,margin,atypical` (atypical as `true`/`false`).
 *
 * @example
 * assignmentsToCsv(a).split("\n")[0]; // => "user_id,segment_id,persona,distance,margin,atypical"
 */
export function assignmentsToCsv(a: Assignments, options: CsvWriteOptions = {}): string {
  return [...assignmentsCsvChunks(a, options)].join("");
}

/** Rows per chunk when assignments are streamed: bounded memory whatever the number of users. */
const CHUNK_ROWS = 65_536;

/**
 * The assignments CSV text (see {@link assignmentsToCsv}) in chunks of at most 65,536 rows, the
 * header first: to stream millions of users to a file without building one huge string.
 *
 * @example
 * [...assignmentsCsvChunks(a)].join("") === assignmentsToCsv(a); // => true
 */
export function* assignmentsCsvChunks(
  a: Assignments,
  options: CsvWriteOptions = {},
): Generator<string> {
  yield csvLine(ASSIGNMENT_COLUMNS, options);
  // Persona names are few: quote each once.
  const quoted = new Map<string, string>();
  for (let c = 0; c < a.userId.length; c += CHUNK_ROWS) {
    let chunk = "";
    const end = Math.min(a.userId.length, c + CHUNK_ROWS);
    for (let i = c; i < end; i++) {
      const p = a.persona[i]!;
      let q = quoted.get(p);
      if (q === undefined) quoted.set(p, (q = csvField(p, options)));
      chunk += `${csvField(a.userId[i]!, options)},${a.segmentId[i]},${q},${csvNumber(a.distance[i]!)},${csvNumber(a.margin[i]!)},${a.atypical[i] === 1 ? "true" : "false"}\n`;
    }
    yield chunk;
  }
}

/**
 * Streams assignments as CSV ({@link assignmentsCsvChunks}) to `file`, atomically: a temporary
 * file in the same folder, then a rename.
 *
 * @example
 * writeAssignmentsCsv("out/assignments.csv", a);
 */
export function writeAssignmentsCsv(
  file: string,
  a: Assignments,
  options: CsvWriteOptions = {},
): void {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      for (const chunk of assignmentsCsvChunks(a, options)) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads an assignments CSV written by {@link assignmentsToCsv} back (RFC 4180: ids and names
 * may hold commas, quotes and line breaks). An empty distance or margin reads as Infinity.
 *
 * @param text - the file's text.
 * @param source - the file name, for errors.
 * @returns the assignments (warnings empty).
 * @throws {SegmentLabError} naming source:line:column for malformed CSV, another header, a
 *   segment id that is not a whole number, or a distance that is not a number.
 * @example
 * parseAssignmentsCsv(fs.readFileSync("run/assignments.csv", "utf8"), "run/assignments.csv").userId.length; // => 2000
 */
export function parseAssignmentsCsv(text: string, source: string): Assignments {
  const { header, rows, lines } = parseCsv(text, source);
  if (header.join(",") !== ASSIGNMENT_COLUMNS.join(","))
    throw new SegmentLabError(msg.assignmentsHeader(source, header, ASSIGNMENT_COLUMNS));
  const num = (r: number, c: number): number => {
    const x = rows[r]![c]!;
    if (x === "") return Infinity;
    const v = Number(x);
    if (Number.isNaN(v))
      throw new SegmentLabError(msg.assignmentsValue(source, lines[r]!, ASSIGNMENT_COLUMNS[c]!, x));
    return v;
  };
  return {
    userId: rows.map((r) => r[0]!),
    segmentId: Int32Array.from(rows, (r, i) => {
      if (!/^\d+$/.test(r[1]!))
        throw new SegmentLabError(msg.assignmentsValue(source, lines[i]!, "segment_id", r[1]!));
      return Number(r[1]);
    }),
    persona: rows.map((r) => r[2]!),
    distance: Float64Array.from(rows, (_, i) => num(i, 3)),
    margin: Float64Array.from(rows, (_, i) => num(i, 4)),
    atypical: Uint8Array.from(rows, (r) => (r[5] === "true" ? 1 : 0)),
    warnings: [],
  };
}

/**
 * Writes assignments to a `.csv` or `.parquet` file, atomically (a temporary file in the same
 * folder, then a rename). Parquet is written by DuckDB's `COPY … (FORMAT parquet)` with the
 * column types user_id VARCHAR, segment_id INTEGER, persona VARCHAR, distance DOUBLE, margin
 * DOUBLE, atypical BOOLEAN.
 *
 * @param file - output path; the extension picks the format.
 * @param a - from {@link assignTable}.
 * @param options - see {@link WriteAssignmentsOptions}.
 * @throws {SegmentLabError} for another extension, or when `file` is one of `options.inputs`.
 * @example
 * await writeAssignments("out/assignments.parquet", a);
 */
export async function writeAssignments(
  file: string,
  a: Assignments,
  options: WriteAssignmentsOptions = {},
): Promise<void> {
  const target = path.resolve(file);
  if ((options.inputs ?? []).some((f) => path.resolve(f) === target))
    throw new SegmentLabError(msg.wouldOverwriteInput(file));
  const ext = path.extname(file).toLowerCase();
  const csvOptions: CsvWriteOptions =
    options.spreadsheetSafe === true ? { spreadsheetSafe: true } : {};
  if (ext === ".csv") {
    writeAssignmentsCsv(file, a, csvOptions);
    return;
  }
  if (ext !== ".parquet") throw new SegmentLabError(msg.badOutputExtension(file));
  const dir = path.dirname(target);
  const base = `.${path.basename(target)}.${process.pid}`;
  const tmpCsv = path.join(dir, `${base}.csv.tmp`);
  const tmpParquet = path.join(dir, `${base}.parquet.tmp`);
  const db = await openDatabase({ threads: 1 });
  try {
    writeAssignmentsCsv(tmpCsv, a, csvOptions);
    await db.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(tmpCsv)}, header = true, quote = '"', escape = '"', ` +
        `columns = {'user_id': 'VARCHAR', 'segment_id': 'INTEGER', 'persona': 'VARCHAR', ` +
        `'distance': 'DOUBLE', 'margin': 'DOUBLE', 'atypical': 'BOOLEAN'})) ` +
        `TO ${quoteLiteral(tmpParquet)} (FORMAT parquet)`,
    );
    fs.renameSync(tmpParquet, target);
  } finally {
    db.close();
    fs.rmSync(tmpCsv, { force: true });
    fs.rmSync(tmpParquet, { force: true });
  }
}
