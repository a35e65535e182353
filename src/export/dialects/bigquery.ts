import { backslashString, doubleText, sqlTimestampText, type ExportDialect } from "./common.js";

const epoch = (ts: string): string => `(CAST(UNIX_MICROS(${ts}) AS FLOAT64) / 1000000.0)`;

/**
 * Google BigQuery (GoogleSQL). `events.ts` is a `TIMESTAMP` (an instant; UTC). Identifiers are
 * quoted with backticks (backtick and backslash escaped), strings with single quotes and
 * backslash escapes (BigQuery strings cannot hold a raw newline). BigQuery has no aggregate
 * exact median, so the median is `PERCENTILE_CONT` over the group's values unnested from an
 * array (exact, linear interpolation). NUMERIC keeps 9 decimals, so sums are rounded to 6
 * first, as the DuckDB `DECIMAL(38, 6)` sum.
 *
 * @example
 * bigqueryDialect.quoteIdent("a`b"); // => "`a\\`b`"
 */
export const bigqueryDialect: ExportDialect = {
  name: "bigquery",
  cteAs: "AS",
  doubleType: "FLOAT64",
  quoteIdent: (name) => `\`${name.replaceAll("\\", "\\\\").replaceAll("`", "\\`")}\``,
  quoteString: (value) => backslashString(value, "\\'"),
  timestampLiteral: (iso) => `TIMESTAMP(${backslashString(`${sqlTimestampText(iso)}+00`, "\\'")})`,
  epochSeconds: epoch,
  addDays: (ts, days) => `TIMESTAMP_ADD(${ts}, INTERVAL ${Math.trunc(days)} DAY)`,
  diffDays: (from, to) => `((${epoch(to)} - ${epoch(from)}) / 86400.0)`,
  dayOfWeekIso: (ts) => `(MOD(EXTRACT(DAYOFWEEK FROM ${ts}) + 5, 7) + 1)`,
  hourOfDay: (ts) => `EXTRACT(HOUR FROM ${ts})`,
  median: (expr) =>
    `(SELECT ANY_VALUE(p) FROM (SELECT PERCENTILE_CONT(v, 0.5) OVER () AS p FROM UNNEST(ARRAY_AGG(${expr} IGNORE NULLS)) AS v))`,
  safeDivide: (num, den) => `(CAST(${num} AS FLOAT64) / NULLIF(CAST(${den} AS FLOAT64), 0))`,
  countIf: (cond) => `COUNT(CASE WHEN ${cond} THEN 1 END)`,
  toDouble: (expr) => `CAST(${expr} AS FLOAT64)`,
  toText: (expr) => `CAST(${expr} AS STRING)`,
  exactSum: (expr) => `CAST(SUM(ROUND(CAST(${expr} AS NUMERIC), 6)) AS FLOAT64)`,
  floatLiteral: (x) => `CAST('${doubleText(x)}' AS FLOAT64)`,
};
