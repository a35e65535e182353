import type { SqlDialect } from "../../features/dialect.js";

/** The SQL engines SegmentLab exports to. */
export type DialectName = "duckdb" | "postgres" | "bigquery" | "snowflake" | "spark";

/** Every dialect name, in documentation order. */
export const DIALECT_NAMES: readonly DialectName[] = [
  "duckdb",
  "postgres",
  "bigquery",
  "snowflake",
  "spark",
];

/**
 * A {@link SqlDialect} plus what the scoring part of an export needs: exact double literals
 * and the engine's name of the 64-bit float type.
 */
export interface ExportDialect extends SqlDialect {
  readonly name: DialectName;
  /** The 64-bit IEEE float type: DOUBLE, DOUBLE PRECISION, FLOAT64. */
  readonly doubleType: string;
  /**
   * How the scoring CTEs are introduced: `AS MATERIALIZED` where the planner would otherwise
   * inline them and copy each distance expression into every comparison of the arg-min
   * (PostgreSQL ≥ 12 inlines single-use CTEs and has no common-subexpression elimination, so a
   * k = 4 model took 30 s on 150 users), plain `AS` elsewhere.
   */
  readonly cteAs: "AS" | "AS MATERIALIZED";
  /**
   * A double literal that the engine parses to exactly the same IEEE value as JavaScript:
   * the shortest round-trip decimal text, cast from a string (every engine here parses
   * strings to doubles with correct rounding, whereas a bare decimal literal may first
   * become a DECIMAL/NUMERIC and be converted with a rounding error).
   */
  floatLiteral(x: number): string;
}

/** Shortest round-trip decimal text of a finite double (`-0` written as `0`). */
export function doubleText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} as a SQL number`);
  return Object.is(x, -0) ? "0" : String(x);
}

/** `2024-01-31T05:06:07.123Z` → `2024-01-31 05:06:07.123` (a zone-free UTC wall clock). */
export function sqlTimestampText(iso: string): string {
  return iso.replace("T", " ").replace(/Z$/, "");
}

/**
 * A string literal in the backslash-escaping style (BigQuery, Spark, Snowflake): backslash
 * and quote escaped, control characters as `\uXXXX`/`\n`, everything else as is.
 */
export function backslashString(value: string, quoteEscape: "\\'" | "''"): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += quoteEscape;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `'${out}'`;
}
