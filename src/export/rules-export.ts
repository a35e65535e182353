import type { ModelRules } from "../model/schema.js";
import { getExportDialect } from "./export-sql.js";
import type { DialectName } from "./dialects/common.js";

/** The rules as stored in a model (only the fields the exports read). */
export type RulesInput = Pick<ModelRules, "rules" | "missingAs">;

/** Options of {@link rulesToSqlCase}. */
export interface RulesSqlOptions {
  /** Table alias to qualify feature columns with (`f` → `f."active_days"`). Default none. */
  tableAlias?: string;
  /** Persona names by segment id: when given, the CASE yields the name instead of the id. */
  names?: readonly string[];
}

/**
 * The surrogate rules as one SQL `CASE` expression for a dialect: `WHEN <rule of segment s>
 * THEN s`, in segment order, `ELSE NULL` for users no rule matches. Each rule is an OR of ANDs
 * of `feature < value` / `feature >= value` on the original-unit features; a feature with
 * missing values is read through `COALESCE(feature, missingAs)` as when the rules were fitted.
 * Feature names are quoted identifiers and values exact double literals for the dialect, so
 * nothing from data can inject SQL.
 *
 * @param rules - `model.rules`.
 * @param dialect - target engine.
 * @param options - see {@link RulesSqlOptions}.
 * @returns the CASE expression (multi-line text).
 * @example
 * rulesToSqlCase({ rules: [{ segment: 0, conditions: [[{ feature: "days", op: ">=", value: 4.5 }]] }] }, "postgres");
 * // => "CASE\n  WHEN (\"days\" >= CAST('4.5' AS DOUBLE PRECISION)) THEN 0\n  ELSE NULL\nEND"
 */
export function rulesToSqlCase(
  rules: RulesInput,
  dialect: DialectName,
  options: RulesSqlOptions = {},
): string {
  const d = getExportDialect(dialect);
  const missing = new Map((rules.missingAs ?? []).map((m) => [m.feature, m.value]));
  const col = (f: string): string => {
    const c =
      (options.tableAlias !== undefined ? `${d.quoteIdent(options.tableAlias)}.` : "") +
      d.quoteIdent(f);
    const m = missing.get(f);
    return m === undefined ? c : `COALESCE(${c}, ${d.floatLiteral(m)})`;
  };
  const whens: string[] = [];
  const sorted = [...rules.rules].sort((a, b) => a.segment - b.segment);
  for (const r of sorted) {
    if (r.conditions.length === 0) continue; // matches no one
    const ors = r.conditions.map((and) =>
      and.length === 0
        ? "TRUE"
        : `(${and.map((c) => `${col(c.feature)} ${c.op} ${d.floatLiteral(c.value)}`).join(" AND ")})`,
    );
    const then =
      options.names !== undefined
        ? d.quoteString(options.names[r.segment] ?? `Segment ${r.segment}`)
        : String(r.segment);
    whens.push(`  WHEN ${ors.join(" OR ")} THEN ${then}`);
  }
  return `CASE\n${whens.join("\n")}\n  ELSE NULL\nEND`;
}

/** One condition of a {@link RuleFilters} filter. */
export interface FilterCondition {
  /** Feature (column) name, in original units. */
  property: string;
  /** `"lt"`: property < value; `"gte"`: property >= value. */
  operator: "lt" | "gte";
  value: number;
}

/**
 * The rules as JSON filters — format `segmentlab-rule-filters`, version 1:
 *
 * ```json
 * { "format": "segmentlab-rule-filters", "version": 1,
 *   "missingAs": { "median_session_minutes": 3.5 },
 *   "segments": [
 *     { "segment": 0, "name": "Power Users", "text": "active_days ≥ 4.5",
 *       "filter": { "or": [ { "and": [ { "property": "active_days", "operator": "gte", "value": 4.5 } ] } ] } } ] }
 * ```
 *
 * A user belongs to `segment` when any `and` group holds, i.e. every condition in it is true;
 * `{"or": []}` matches no one and `{"or": [{"and": []}]}` everyone. Operators are `lt` (<) and
 * `gte` (≥) on the feature in its original unit; a missing value is replaced by `missingAs[property]`
 * first. The shape maps directly onto cohort builders (PostHog/Amplitude/Mixpanel property filters
 * with AND/OR groups) and onto `WHERE` clauses.
 */
export interface RuleFilters {
  format: "segmentlab-rule-filters";
  version: 1;
  missingAs: Record<string, number>;
  segments: {
    segment: number;
    name: string;
    text: string;
    filter: { or: { and: FilterCondition[] }[] };
  }[];
}

/**
 * Converts the surrogate rules to the documented JSON filter format ({@link RuleFilters}).
 *
 * @param rules - `model.rules`.
 * @param names - persona names by segment id (default `Segment <id>`).
 * @returns the filters document (plain JSON).
 * @example
 * rulesToJsonFilters({ rules: [{ segment: 0, conditions: [[{ feature: "days", op: "<", value: 2 }]] }] }).segments[0].filter;
 * // => { or: [{ and: [{ property: "days", operator: "lt", value: 2 }] }] }
 */
export function rulesToJsonFilters(rules: RulesInput, names: readonly string[] = []): RuleFilters {
  const missingAs: Record<string, number> = {};
  for (const m of rules.missingAs ?? []) missingAs[m.feature] = m.value;
  return {
    format: "segmentlab-rule-filters",
    version: 1,
    missingAs,
    segments: [...rules.rules]
      .sort((a, b) => a.segment - b.segment)
      .map((r) => ({
        segment: r.segment,
        name: names[r.segment] ?? `Segment ${r.segment}`,
        text: typeof r["text"] === "string" ? r["text"] : "",
        filter: {
          or: r.conditions.map((and) => ({
            and: and.map((c) => ({
              property: c.feature,
              operator: c.op === "<" ? ("lt" as const) : ("gte" as const),
              value: c.value,
            })),
          })),
        },
      })),
  };
}
