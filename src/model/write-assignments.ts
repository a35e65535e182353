import * as fs from "node:fs";
import * as path from "node:path";
import { SegmentLabError } from "../errors.js";
import { openDatabase, quoteLiteral } from "../io/database.js";
import type { Assignments } from "./assign.js";
import * as msg from "./messages.js";
import { writeFileAtomic } from "./parse-segment-model.js";

/** Options of {@link writeAssignments}. */
export interface WriteAssignmentsOptions {
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
 * Quotes one CSV field (RFC 4180): fields with a comma, quote, CR or LF are wrapped in double
 * quotes with inner quotes doubled; others are written as they are.
 *
 * @example
 * csvField('say "hi", bob'); // => '"say ""hi"", bob"'
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A number as CSV text: shortest round-trip form; non-finite (margin with k = 1) as empty. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : "";
}

/**
 * Renders assignments as CSV text with the header
 * `user_id,segment_id,persona,distance,margin,atypical` (atypical as `true`/`false`).
 *
 * @example
 * assignmentsToCsv(a).split("\n")[0]; // => "user_id,segment_id,persona,distance,margin,atypical"
 */
export function assignmentsToCsv(a: Assignments): string {
  const lines: string[] = [ASSIGNMENT_COLUMNS.join(",")];
  for (let i = 0; i < a.userId.length; i++) {
    lines.push(
      [
        csvField(a.userId[i]!),
        String(a.segmentId[i]),
        csvField(a.persona[i]!),
        num(a.distance[i]!),
        num(a.margin[i]!),
        a.atypical[i] === 1 ? "true" : "false",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
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
  const csv = assignmentsToCsv(a);
  if (ext === ".csv") {
    writeFileAtomic(file, csv);
    return;
  }
  if (ext !== ".parquet") throw new SegmentLabError(msg.badOutputExtension(file));
  const dir = path.dirname(target);
  const base = `.${path.basename(target)}.${process.pid}`;
  const tmpCsv = path.join(dir, `${base}.csv.tmp`);
  const tmpParquet = path.join(dir, `${base}.parquet.tmp`);
  const db = await openDatabase({ threads: 1 });
  try {
    fs.writeFileSync(tmpCsv, csv);
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
