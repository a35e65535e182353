import { doubleText, sqlTimestampText, type ExportDialect } from "./common.js";

const epoch = (ts: string): string => `CAST(EXTRACT(EPOCH FROM ${ts}) AS DOUBLE PRECISION)`;

/**
 * PostgreSQL (≥ 12). Timestamps are `TIMESTAMP` (without time zone) holding UTC wall-clock
 * times, as SegmentLab's canonical `events.ts`; `EXTRACT(EPOCH FROM …)` of such a value counts
 * nominal seconds since 1970-01-01 00:00, i.e. UTC. Identifiers are double-quoted (`"` doubled);
 * strings single-quoted (`'` doubled). A string holding a backslash is written as an escape
 * string, `E'…'` with the backslash doubled: a plain `'a\'` means `a\` only while
 * `standard_conforming_strings` is on (the default since 9.1); with it off the backslash
 * escapes the quote and the rest of the script becomes part of the string — or SQL.
 * `E''` reads the same under either setting. Strings without a backslash read the same anyway.
 *
 * @example
 * postgresDialect.median("x"); // => "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)"
 */
export const postgresDialect: ExportDialect = {
  name: "postgres",
  cteAs: "AS MATERIALIZED",
  doubleType: "DOUBLE PRECISION",
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteString: (value) =>
    value.includes("\\")
      ? `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`
      : `'${value.replaceAll("'", "''")}'`,
  timestampLiteral: (iso) => `CAST('${sqlTimestampText(iso).replaceAll("'", "''")}' AS TIMESTAMP)`,
  epochSeconds: epoch,
  addDays: (ts, days) => `(${ts} + INTERVAL '1 day' * (${Math.trunc(days)}))`,
  diffDays: (from, to) => `((${epoch(to)} - ${epoch(from)}) / 86400.0)`,
  dayOfWeekIso: (ts) => `CAST(EXTRACT(ISODOW FROM ${ts}) AS INTEGER)`,
  hourOfDay: (ts) => `CAST(EXTRACT(HOUR FROM ${ts}) AS INTEGER)`,
  median: (expr) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expr})`,
  safeDivide: (num, den) =>
    `(CAST(${num} AS DOUBLE PRECISION) / NULLIF(CAST(${den} AS DOUBLE PRECISION), 0))`,
  countIf: (cond) => `COUNT(*) FILTER (WHERE ${cond})`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE PRECISION)`,
  toText: (expr) => `CAST(${expr} AS TEXT)`,
  exactSum: (expr) => `CAST(SUM(CAST(${expr} AS NUMERIC(38, 6))) AS DOUBLE PRECISION)`,
  floatLiteral: (x) => `CAST('${doubleText(x)}' AS DOUBLE PRECISION)`,
};
