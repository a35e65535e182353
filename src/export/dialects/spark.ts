import { backslashString, doubleText, sqlTimestampText, type ExportDialect } from "./common.js";

const epoch = (ts: string): string =>
  `(CAST(unix_micros(${ts}) AS DOUBLE) / CAST(1000000 AS DOUBLE))`;

/**
 * Spark SQL (≥ 3.1, ANSI mode off or on). Run with `spark.sql.session.timeZone=UTC`: `events.ts`
 * is a `TIMESTAMP` holding UTC times. Identifiers are quoted with backticks (backtick doubled),
 * strings with single quotes and backslash escapes (Spark's default
 * `spark.sql.parser.escapedStringLiterals=false`). Decimal literals such as `1.5` are DECIMAL in
 * Spark, so every constant is cast to DOUBLE explicitly. The median is `percentile(x, 0.5)`
 * (exact, linear interpolation).
 *
 * @example
 * sparkDialect.quoteIdent("a`b"); // => "`a``b`"
 */
export const sparkDialect: ExportDialect = {
  name: "spark",
  cteAs: "AS",
  doubleType: "DOUBLE",
  quoteIdent: (name) => `\`${name.replaceAll("`", "``")}\``,
  quoteString: (value) => backslashString(value, "\\'"),
  timestampLiteral: (iso) => `CAST(${backslashString(sqlTimestampText(iso), "\\'")} AS TIMESTAMP)`,
  epochSeconds: epoch,
  addDays: (ts, days) => `(${ts} + make_interval(0, 0, 0, ${Math.trunc(days)}, 0, 0, 0))`,
  diffDays: (from, to) => `((${epoch(to)} - ${epoch(from)}) / CAST(86400 AS DOUBLE))`,
  dayOfWeekIso: (ts) => `(WEEKDAY(${ts}) + 1)`,
  hourOfDay: (ts) => `HOUR(${ts})`,
  median: (expr) => `percentile(${expr}, 0.5)`,
  safeDivide: (num, den) => `(CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0))`,
  countIf: (cond) => `COUNT(CASE WHEN ${cond} THEN 1 END)`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  toText: (expr) => `CAST(${expr} AS STRING)`,
  exactSum: (expr) => `CAST(SUM(CAST(${expr} AS DECIMAL(38, 6))) AS DOUBLE)`,
  floatLiteral: (x) => `CAST('${doubleText(x)}' AS DOUBLE)`,
};
