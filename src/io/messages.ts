/**
 * Every error, warning and note text of the loaders, as functions so that tests assert against
 * exactly what users read.
 */

/** A path that does not exist. */
export const fileNotFound = (file: string): string => `file not found: ${file}`;

/** A glob that matched no file. */
export const globMatchedNothing = (pattern: string): string => `no file matches ${pattern}`;

/** No input given at all. */
export const noInput = (what: string): string => `no ${what} given: pass a file, a glob or rows`;

/** A required column that is neither given nor found by name. */
export const columnNotFound = (
  file: string,
  role: string,
  flag: string,
  available: string[],
): string =>
  `${file}: no ${role} column found (name it with ${flag}); columns are: ${available.join(", ")}`;

/** A column named by the user (flag or option) that is not in the file. */
export const namedColumnMissing = (
  file: string,
  column: string,
  flag: string,
  available: string[],
): string =>
  `${file}: column '${column}' (${flag}) does not exist; columns are: ${available.join(", ")}`;

/** `columns` given with a different count than the file has. */
export const columnCountMismatch = (file: string, given: number, found: number): string =>
  `${file}: ${given} column names given but the file has ${found} columns`;

/** Nothing survived the load. */
export const noRowsLeft = (files: string[], read: number): string =>
  `${files.join(", ")}: no rows left to load (${read} rows read, all rejected or empty)`;

/** DuckDB could not read a file at all (format, encoding …). */
export const unreadable = (file: string, detail: string): string =>
  `${file}: cannot read: ${detail}`;

/** A time format that does not parse a single value. */
export const badTimeFormat = (
  file: string,
  column: string,
  format: string,
  value: string,
): string => `${file}: column ${column}: time format '${format}' does not parse value '${value}'`;

/** In-memory rows that are not an array of plain objects. */
export const rowsNotObjects = (index: number): string =>
  `rows[${index}] should be a plain object of column → value`;

/** A `--table` input with a missing id column. */
export const tableNeedsInput = (): string =>
  `give either events (an event log) or table (a per-user table), not both and not neither`;

/** An empty delimiter or one longer than the reader supports. */
export const badDelimiter = (delimiter: string): string =>
  `delimiter '${delimiter}' should be one character (or 'whitespace', 'tab')`;

/** Rejection reasons (keys of `LoadReport.rejectedByReason`). */
export const reasons = {
  missingUser: "missing user id",
  badTime: "unparseable time",
  missingTime: "missing time",
  missingEvent: "missing event name",
  badValue: "non-numeric value",
  valueOutOfRange: "value not finite or beyond ±1e30 (NaN, Infinity)",
  shortLine: "truncated/short line",
  longLine: "too many fields",
  duplicateUser: "duplicate user id",
  malformed: "malformed line",
} as const;

/** Note: a log without an event column. */
export const noteOneEventKind = (): string =>
  "no event column: every row is one event kind, event = 'event'";

/** Note: a column chosen by name inference. */
export const noteInferred = (role: string, column: string): string =>
  `${role} column: '${column}' (inferred from its name)`;

/** Note: epoch numbers detected in the time column. */
export const noteEpoch = (column: string, unit: string): string =>
  `time column '${column}' holds epoch ${unit}`;

/** Note: YYYYMMDD detected in the time column. */
export const noteYmd = (column: string): string =>
  `time column '${column}' holds YYYYMMDD dates (read with %Y%m%d)`;

/** Note: blank cells read as missing in a typed column. */
export const noteBlankCells = (column: string, count: number, lines: string): string =>
  `${column}: ${count} blank cell${count === 1 ? "" : "s"} read as missing (${lines})`;

/** Note: a table without an id column gets row numbers as ids. */
export const noteRowIds = (): string =>
  "no id column: users are numbered by row (1, 2, …) as user_id";

/** A source that is neither paths nor rows. */
export const badSource = (what: string): string =>
  `${what} should be a path, a list of paths/globs, or an array of row objects`;

/** A property column that would shadow a canonical column. */
export const propertyNameTaken = (file: string, column: string): string =>
  `${file}: property column '${column}' clashes with a canonical events column (user_id, ts, event, value); map it or leave it out`;

/** A time column none of whose sampled values parse. */
export const cannotParseTime = (file: string, column: string, value: string): string =>
  `${file}: column ${column}: cannot parse time '${value}' (ISO 8601, epoch seconds/ms, or give --time-format, e.g. %d/%m/%Y %H:%M)`;

/** loadUsers reads exactly one file. */
export const oneUsersFile = (n: number): string =>
  `a users table is one file; got ${n} files (concatenate them first)`;

// ---------------------------------------------------------------- SegmentLab's own CSV files

/** Error: a CSV file SegmentLab wrote (and now re-reads) is malformed at line:column. */
export const csvSyntax = (source: string, line: number, column: number, problem: string): string =>
  `${source}:${line}:${column}: not a valid CSV file (RFC 4180): ${problem}`;

/** Error: a CSV file SegmentLab re-reads is empty. */
export const csvEmpty = (source: string): string => `${source}: the file is empty (no header)`;

/** Error: a CSV record to write has another length than the header. */
export const csvRowLength = (got: number, expected: number): string =>
  `a CSV record has ${got} fields, the header has ${expected}`;

// ---------------------------------------------------------------- output folders

/** Error: manifest.json is unreadable or not SegmentLab's. */
export const badManifest = (file: string, detail: string): string =>
  `${file}: not a valid SegmentLab manifest (${detail})`;

/** Error: a folder read as a run/segments folder has no manifest (incomplete or not ours). */
export const noManifest = (dir: string): string =>
  `${dir} is not a complete SegmentLab folder: it has no manifest.json (the run that wrote it did not finish, or SegmentLab did not write it); run discover again`;

/** Error: a file the manifest lists is gone. */
export const manifestMissingFile = (dir: string, file: string, runId: string): string =>
  `${dir}: ${file} is missing: the folder is not the complete run ${runId}; run discover again`;

/** Error: a file differs from what the run wrote. */
export const manifestChangedFile = (dir: string, file: string, runId: string): string =>
  `${dir}: ${file} does not belong to run ${runId} (changed, truncated or from another run since it was written); run discover again`;

/** Error: files the run did not write sit in its folder. */
export const manifestExtraFiles = (dir: string, files: readonly string[], runId: string): string =>
  `${dir}: ${fileList(files)} ${files.length === 1 ? "does" : "do"} not belong to run ${runId}; move ${files.length === 1 ? "it" : "them"} out of the folder`;

/** Error: an output folder holds files SegmentLab did not write. */
export const foreignFiles = (dir: string, files: readonly string[]): string =>
  `${dir} holds files SegmentLab did not write (${fileList(files)}): refusing to replace it; choose another output folder`;

/** Error: an output folder path is a file. */
export const outputNotFolder = (dir: string): string =>
  `${dir} is a file, not a folder: choose another output folder`;

/** Error: an input lies inside an output. */
export const inputInsideOutput = (input: string, output: string): string =>
  `input ${input} lies inside the output ${output}: refusing to write there (it could replace the input); choose another output folder`;

function fileList(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(", ");
  return files.length > 5 ? `${shown}, … ${files.length - 5} more` : shown;
}
