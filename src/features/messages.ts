// Every error and warning text of the features stage, as functions so tests can assert them.

const show = (v: unknown): string => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));

/** A FeatureSpec field failed validation. */
export const specInvalid = (source: string, path: string, problem: string, value: unknown) =>
  `${source}: ${path}${value === undefined ? "" : ` = ${show(value)}`}: ${problem}`;

/** The spec file is not JSON. */
export const specNotJson = (source: string, reason: string) =>
  `${source}: not valid JSON (${reason})`;

/** `window.lastDays` given together with `from`. */
export const windowLastDaysWithFrom = () =>
  "give either window.lastDays (with optional asOf) or window.from, not both";

/** `window.asOf` without `lastDays`. */
export const windowAsOfWithoutLastDays = () =>
  "window.asOf only applies with window.lastDays (use window.to for a fixed end)";

/** `window.from` is not before `window.to`. */
export const windowEmpty = (from: string, to: string) =>
  `window.from=${from} should be before window.to=${to}`;

/** `events.events` and `events.top` both given. */
export const eventsBothListAndTop = () =>
  "give either families.events.events (a list) or families.events.top (a number), not both";

/** A spec for a per-user table asks for event families. */
export const tableSpecWithFamilies = (families: string[]) =>
  `source "table" has no event log, so it cannot compute the families ${families.join(", ")}; remove them or use source "events"`;

/** The database lacks a table the spec needs. */
export const missingTable = (table: string, source: string) =>
  `the data has no '${table}' table, which a spec with source "${source}" needs` +
  (table === "users" ? " (give --users FILE or --table FILE --id COL)" : "");

/** A column named in the spec does not exist. */
export const unknownColumn = (field: string, column: string, table: string, available: string[]) =>
  `${field}: column '${column}' is not in the ${table} table (columns: ${available.join(", ")})`;

/** A column named in the spec has the wrong type. */
export const columnWrongType = (field: string, column: string, type: string, expected: string) =>
  `${field}: column '${column}' has type ${type}, expected ${expected}`;

/** A chosen event does not occur in the log. */
export const unknownEvent = (event: string, known: string[]) =>
  `families.events.events: event ${show(event)} does not occur in the log (kinds: ${known
    .slice(0, 20)
    .map((k) => show(k))
    .join(", ")}${known.length > 20 ? ", …" : ""})`;

/** The log (or window) holds no events. */
export const noEvents = () => "the event log holds no events, so there is nothing to compute";

/** The output path is one of the input files. */
export const outputIsInput = (path: string) =>
  `refusing to write features to ${path}: it is one of the input files`;

/** Unsupported output extension. */
export const badOutputExtension = (path: string) =>
  `cannot write ${path}: the output must end in .csv or .parquet`;

/** A FeatureTable's columns do not match its ids. */
export const tableShapeMismatch = (name: string, length: number, rows: number) =>
  `column '${name}' has ${length} values, expected ${rows} (one per id)`;
