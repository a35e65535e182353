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
