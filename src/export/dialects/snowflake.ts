import { backslashString, doubleText, sqlTimestampText, type ExportDialect } from "./common.js";

const epoch = (ts: string): string =>
  `(CAST(DATE_PART(EPOCH_MICROSECOND, ${ts}) AS DOUBLE) / 1000000.0)`;

/**
 * Snowflake. `events.ts` is a `TIMESTAMP_NTZ` holding UTC wall-clock times. Identifiers are
 * double-quoted (`"` doubled; quoted identifiers are case-sensitive, so the names are used
 * exactly as given); strings single-quoted with `'` doubled and backslashes escaped (in
 * Snowflake a backslash inside a string starts an escape sequence).
 *
 * @example
 * snowflakeDialect.quoteString("a\\b'c"); // => "'a\\\\b''c'"
 */
export const snowflakeDialect: ExportDialect = {
  name: "snowflake",
  cteAs: "AS",
  doubleType: "DOUBLE",
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteString: (value) => backslashString(value, "''"),
  timestampLiteral: (iso) =>
    `CAST(${backslashString(sqlTimestampText(iso), "''")} AS TIMESTAMP_NTZ)`,
  epochSeconds: epoch,
  addDays: (ts, days) => `DATEADD(day, ${Math.trunc(days)}, ${ts})`,
  diffDays: (from, to) => `((${epoch(to)} - ${epoch(from)}) / 86400.0)`,
  dayOfWeekIso: (ts) => `DAYOFWEEKISO(${ts})`,
  hourOfDay: (ts) => `HOUR(${ts})`,
  median: (expr) => `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ${expr})`,
  safeDivide: (num, den) => `(CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0))`,
  countIf: (cond) => `COUNT(CASE WHEN ${cond} THEN 1 END)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  exactSum: (expr) => `CAST(SUM(CAST(${expr} AS NUMBER(38, 6))) AS DOUBLE)`,
  floatLiteral: (x) => `CAST('${doubleText(x)}' AS DOUBLE)`,
};
