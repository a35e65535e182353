/**
 * The small set of SQL building blocks whose spelling differs between engines. The feature
 * compiler writes every feature with these and otherwise only standard SQL (CASE, COUNT, SUM,
 * MIN, MAX, window functions RANK/LAG/SUM OVER, COALESCE, GREATEST, FLOOR), so that a dialect for
 * PostgreSQL, BigQuery, Snowflake or Spark SQL computes exactly the same numbers.
 */
export interface SqlDialect {
  /** Dialect name, e.g. `"duckdb"`. */
  readonly name: string;
  /** Quotes an identifier (table, column, output feature name) so that no name can inject SQL. */
  quoteIdent(name: string): string;
  /** Quotes a string literal (event names, attribute values). */
  quoteString(value: string): string;
  /** A UTC timestamp literal from an ISO 8601 instant, e.g. `2024-01-31T00:00:00.000Z`. */
  timestampLiteral(iso: string): string;
  /** Seconds since 1970-01-01 00:00:00 UTC of a TIMESTAMP expression, as DOUBLE (fractions kept). */
  epochSeconds(ts: string): string;
  /** A TIMESTAMP expression shifted by a whole number of days (may be negative). */
  addDays(ts: string, days: number): string;
  /** Days from `from` to `to` (both TIMESTAMP) as a fractional DOUBLE: `(to - from) / 86400 s`. */
  diffDays(from: string, to: string): string;
  /** ISO day of week of a UTC TIMESTAMP: 1 = Monday … 7 = Sunday. */
  dayOfWeekIso(ts: string): string;
  /** Hour of day 0–23 of a UTC TIMESTAMP. */
  hourOfDay(ts: string): string;
  /** Exact median (linear interpolation between the two middle values) as an aggregate. */
  median(expr: string): string;
  /** `num / den` as DOUBLE, NULL when `den` is 0 or NULL (NULL = missing feature). */
  safeDivide(num: string, den: string): string;
  /**
   * Optional: number of rows of the group where `cond` is true, as an integer aggregate. When
   * absent the standard `COUNT(CASE WHEN cond THEN 1 END)` is used (see {@link countIf});
   * DuckDB's `COUNT(*) FILTER (WHERE cond)` is the same number, computed about twice as fast.
   */
  countIf?(cond: string): string;
  /** Casts an expression to DOUBLE (the type of every numeric feature column). */
  toDouble(expr: string): string;
  /** Casts an expression to the dialect's string type (categorical attributes). */
  toText(expr: string): string;
  /**
   * Exact, order-independent sum of a DOUBLE column: summing floating-point numbers in parallel
   * gives last-bit differences between runs and engines, so money is summed as DECIMAL(38,6).
   */
  exactSum(expr: string): string;
}

/**
 * A conditional count in the dialect's fastest spelling (standard `COUNT(CASE WHEN … THEN 1 END)`
 * unless the dialect provides `countIf`).
 *
 * @example
 * countIf({ ...duckdbDialect, countIf: undefined }, "x > 1"); // => "COUNT(CASE WHEN x > 1 THEN 1 END)"
 */
export function countIf(dialect: SqlDialect, cond: string): string {
  return dialect.countIf ? dialect.countIf(cond) : `COUNT(CASE WHEN ${cond} THEN 1 END)`;
}

/**
 * The DuckDB dialect (the engine SegmentLab runs locally).
 *
 * @example
 * duckdbDialect.quoteIdent('a "b"'); // => '"a ""b"""'
 * duckdbDialect.safeDivide("x", "y"); // => "(CAST(x AS DOUBLE) / NULLIF(CAST(y AS DOUBLE), 0))"
 */
export const duckdbDialect: SqlDialect = {
  name: "duckdb",
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteString: (value) => `'${value.replaceAll("'", "''")}'`,
  timestampLiteral: (iso) =>
    `CAST('${toSqlTimestampText(iso).replaceAll("'", "''")}' AS TIMESTAMP)`,
  epochSeconds: (ts) => `epoch(${ts})`,
  addDays: (ts, days) => `(${ts} + INTERVAL (${Math.trunc(days)}) DAY)`,
  diffDays: (from, to) => `((epoch(${to}) - epoch(${from})) / 86400.0)`,
  dayOfWeekIso: (ts) => `isodow(${ts})`,
  hourOfDay: (ts) => `hour(${ts})`,
  median: (expr) => `quantile_cont(${expr}, 0.5)`,
  safeDivide: (num, den) => `(CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0))`,
  countIf: (cond) => `COUNT(*) FILTER (WHERE ${cond})`,
  toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  exactSum: (expr) => `CAST(SUM(CAST(${expr} AS DECIMAL(38, 6))) AS DOUBLE)`,
};

/** `2024-01-31T05:06:07.123Z` → `2024-01-31 05:06:07.123` (a zone-free UTC wall clock). */
function toSqlTimestampText(iso: string): string {
  return iso.replace("T", " ").replace(/Z$/, "");
}
